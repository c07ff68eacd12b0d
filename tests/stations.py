"""A station set up as its administrator's first start does it (for tests that need a real,
empty station rather than the demo file)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from hukou_desk import keys
from hukou_desk.domain.staff import Clerk
from hukou_desk.services import staff
from hukou_desk.services.counter import OpenFile
from hukou_desk.storage import cases, enrolment
from hukou_desk.storage.database import Database, open_database


def set_up_station(database: Database, *, password: str) -> Clerk:
    """白沙派出所 (440703001), its administrator `admin` with `password`."""
    return staff.first_start(
        OpenFile(database),
        station_code="440703001",
        station_name="白沙派出所",
        district="440703",
        admin_username="admin",
        admin_name="管理员",
        password=password,
        phone="0750-3301110",
    )


# The centre of the tests: its signing key answers every enrolment (one key for the whole run,
# so that an enrolment installed earlier still verifies against the centre trusted here).
TEST_CENTRE = Ed25519PrivateKey.generate()


def enrol(database: Database, *usernames: str) -> list[str]:
    """The station's deciders enrolled as the centre enrols them: the station's pending
    requests (signed by each person's key and the station's), checked and enrolled by a
    centre database of the test's own, its signed answers installed at the station. Returns
    the user names enrolled (all pending, or those named)."""
    with database.write() as session:
        code = cases.station(session).code
        station_key = keys.own_key(session, database.keys_dir, code, database.key)
        requests = [
            r
            for r in enrolment.pending_requests(session, station_key)
            if not usernames or r["username"] in usernames
        ]
    with tempfile.TemporaryDirectory() as folder:
        centre = open_database(Path(folder) / "centre.db")
        try:
            with centre.write() as session:
                for one in requests:
                    enrolment.enrol(
                        session,
                        one,
                        station_keys={code: keys.public_text(station_key)},
                        actor="cli:centre",
                    )
                answers = enrolment.answers(session, TEST_CENTRE)
        finally:
            centre.close()
    centre_key = keys.public_text(TEST_CENTRE)
    with database.write() as session:
        if keys.trusted_centre(session) != centre_key:
            keys.trust_centre(session, public_key=centre_key, actor="admin")
        enrolment.install(session, answers, centre_key=centre_key)
    return [r["username"] for r in requests]
