"""A station as it runs: a real case file, an administrator who gave everyone a password."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from hukou_desk.domain.facts import Facts
from hukou_desk.domain.lifecycle import Role
from hukou_desk.domain.loader import load_calendar
from hukou_desk.domain.policy import Policy
from hukou_desk.paths import forms_dir
from hukou_desk.services import intake, staff
from hukou_desk.services.counter import Counter, OpenFile
from hukou_desk.storage.database import open_database
from hukou_desk.storage.models import User
from tests.stations import enrol, set_up_station

TODAY = date(2026, 11, 20)
PASSWORD = "baisha-counter-2026"
APPLICANT = "440781199001011246"
SPOUSE = "44070319880505001X"


@pytest.fixture(scope="session")
def station_folder(tmp_path_factory: pytest.TempPathFactory, policy: Policy) -> Path:
    """The station of `counter`, made once per session (first start, four staff, the deciders
    enrolled: about a second of key making and hashing): a folder of its case file and keys,
    copied for each test, never opened itself."""
    folder = tmp_path_factory.mktemp("station")
    database = open_database(folder / "cases.db")
    set_up_station(database, password=PASSWORD)
    here = Counter(database, policy, load_calendar(forms_dir()), today=lambda: TODAY)
    admin = staff.sign_in(OpenFile(database), username="admin", password=PASSWORD)
    for username, role in (
        ("clerk", Role.CLERK),
        ("clerk2", Role.CLERK),
        ("boss", Role.SUPERVISOR),
        ("boss2", Role.SUPERVISOR),
    ):
        staff.add_user(
            here, admin, username=username, display_name=username, role=role, password=PASSWORD
        )
    enrol(database)  # the deciders' keys, as the centre enrols them
    database.close()
    return folder


def copy_station(template: Path, into: Path) -> Path:
    """A test's own copy of a station's folder (its case file, keys, attachments); the case
    file's path in it."""
    shutil.copytree(template, into, dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.lock"))
    return into / "cases.db"


@pytest.fixture
def counter(tmp_path: Path, policy: Policy, station_folder: Path) -> Iterator[Counter]:
    """白沙派出所 with admin, clerk, clerk2, boss and boss2 (all with PASSWORD), on the
    test's own copy of the session's station."""
    database = open_database(copy_station(station_folder, tmp_path))
    here = Counter(database, policy, load_calendar(forms_dir()), today=lambda: TODAY)
    yield here
    here.database.close()


@pytest.fixture
def people(counter: Counter) -> dict[str, User]:
    names = ("admin", "clerk", "clerk2", "boss", "boss2")
    return {n: staff.sign_in(counter.file, username=n, password=PASSWORD) for n in names}


def spouse_facts() -> Facts:
    return Facts.model_validate(
        {
            "application_date": TODAY.isoformat(),
            "applicant": {"id_number": APPLICANT, "marital_status": "21"},
            "sponsor": {
                "id_number": SPOUSE,
                "relationship": "10",
                "hukou_region": "440703",
                "residence": {"kind": "owned", "district": "440703"},
            },
            # Into the spouse's household: the plan's finding on the case is "eligible".
            "destination": {
                "district": "440703",
                "at_sponsor_hukou": True,
                "address": "江门市蓬江区白沙大道西1号301室",
            },
        }
    )


def open_spouse_case(counter: Counter, clerk: User) -> intake.CaseRef:
    return intake.open_intake(
        counter,
        clerk,
        applicant=intake.Applicant(
            APPLICANT,
            "陈小明",
            hukou_address="恩平市恩城街道新平路3号",
            hukou_office="恩平市公安局恩城派出所",
        ),
        facts=spouse_facts(),
        pathway_id="spouse",
        district="440703",
    )


def verify_everything(counter: Counter, user: User, ref: intake.CaseRef) -> None:
    for finding in intake.findings(counter, user, case_id=ref.id):
        questions = [q.id for q in counter.policy.documents[finding.document_id].checks]
        intake.record_finding(
            counter,
            user,
            case_id=ref.id,
            document_id=finding.document_id,
            party=finding.party,
            state=intake.CheckState.VERIFIED,
            answers=dict.fromkeys(questions, True),
        )


def recommended_case(counter: Counter, clerk: User) -> intake.CaseRef:
    ref = open_spouse_case(counter, clerk)
    intake.set_people(
        counter,
        clerk,
        case_id=ref.id,
        people=[intake.Party(intake.PartyRole.SPONSOR, SPOUSE, "李华", "10")],
    )
    verify_everything(counter, clerk, ref)
    intake.submit(counter, clerk, case_id=ref.id, recommend=True, reasons="材料齐全")
    return ref
