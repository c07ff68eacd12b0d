"""Who did it, proved: a key for every person, their signature on their acts, deciders the
centre enrolled, and an audit that covers every record — on a station set up as the desk sets
it up (encrypted, its keyring), against a centre on a case file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from sqlmodel import col, select

from hukou_desk import keys
from hukou_desk.domain.lifecycle import Action, Role
from hukou_desk.domain.staff import NotPermitted
from hukou_desk.services import decisions, exchange, intake, staff, vault
from hukou_desk.services.counter import Counter
from hukou_desk.storage import cases, enrolment, person_keys
from hukou_desk.storage.database import Database, open_database
from hukou_desk.storage.models import AuditEvent, PersonKey
from hukou_desk.sync import importing, trail, trust
from hukou_desk.sync.bundle import BundleRefused
from tests.services.conftest import TODAY, recommended_case
from tests.stations import TEST_CENTRE, enrol

PASSWORD = "Baisha-Counter-2026"
BOSS = "Lotus-Pond-Ledger-58"
CLERK = "Kapok-Blossom-Desk-17"


def set_up(path: Path, policy, calendar) -> Path:
    """An encrypted station as `first-start` makes it, a clerk and a supervisor given
    passwords by the administrator (their keys not enrolled yet)."""
    vault.set_up_station(
        path,
        station_code="440703001",
        station_name="白沙派出所",
        district="440703",
        admin_username="admin",
        admin_name="管理员",
        password=PASSWORD,
        phone="0750-3301110",
    )
    counter, admin = desk(path, "admin", PASSWORD, policy, calendar)
    staff.add_user(
        counter, admin, username="liwen", display_name="李文", role=Role.CLERK, password=CLERK
    )
    staff.add_user(
        counter, admin, username="chenfang", display_name="陈芳", role=Role.SUPERVISOR,
        password=BOSS,
    )  # fmt: skip
    counter.database.close()
    return path


@pytest.fixture
def station(tmp_path: Path, policy, calendar) -> Path:
    return set_up(tmp_path / "data" / "hukou-desk.db", policy, calendar)


@pytest.fixture(scope="session")
def calendar():
    from hukou_desk.domain.loader import load_calendar
    from hukou_desk.paths import forms_dir

    return load_calendar(forms_dir())


def desk(path: Path, username: str, password: str, policy, calendar) -> tuple[Counter, object]:
    """Someone signed in at the station, on their own open file (as their desk would be)."""
    database, user = vault.sign_in(path, username=username, password=password)
    return Counter(database, policy, calendar, today=lambda: TODAY), user


def verdict(database: Database):
    with database.read() as session:
        return trail.verify(session)


def key_of(database: Database, username: str) -> PersonKey:
    with database.read() as session:
        found = person_keys.current(session, username)
    assert found is not None
    return found


# --- a key for every person ------------------------------------------------------------------


@pytest.mark.slow
def test_each_person_has_a_key_only_their_own_password_opens(station, policy, calendar):
    clerk, _me = desk(station, "liwen", CLERK, policy, calendar)
    try:
        database = clerk.database
        assert database.key is not None  # the file's key, in the clerk's hands
        for username, password in (("admin", PASSWORD), ("liwen", CLERK), ("chenfang", BOSS)):
            row = key_of(database, username)
            assert person_keys.open_key(row, password) is not None
            # Neither the case file's key nor anyone else's password opens it.
            assert person_keys.open_key(row, database.key.hex()) is None
            assert person_keys.open_key(row, "Baisha-Counter-2026x") is None
        assert person_keys.open_key(key_of(database, "chenfang"), CLERK) is None
        assert set(database.signers) == {"liwen"}  # only the clerk's own key is held
    finally:
        clerk.database.close()


@pytest.mark.slow
def test_a_password_change_keeps_the_key_a_reset_makes_a_new_one_to_enrol(
    station, policy, calendar
):
    boss, me = desk(station, "chenfang", BOSS, policy, calendar)
    assert enrol(boss.database) == ["admin", "chenfang"]
    before = key_of(boss.database, "chenfang")
    staff.change_own_password(boss.file, me, old=BOSS, new="Banyan-Shade-Counter-92")
    after = key_of(boss.database, "chenfang")
    assert after.id == before.id and after.enrolment is not None  # the same, still enrolled
    assert person_keys.open_key(after, "Banyan-Shade-Counter-92") is not None
    assert person_keys.open_key(after, BOSS) is None
    boss.database.close()
    admin, admin_me = desk(station, "admin", PASSWORD, policy, calendar)
    staff.reset_password(admin, admin_me, username="chenfang", password=BOSS)
    renewed = key_of(admin.database, "chenfang")
    assert renewed.id != before.id and renewed.enrolment is None
    assert "chenfang" not in admin.database.signers  # the administrator never holds it
    with admin.database.read() as session:
        old = session.get(PersonKey, before.id)
    assert old is not None and old.retired_at is not None  # kept, to verify what it signed
    with admin.database.read() as session:
        pending = enrolment.pending_requests(session, Ed25519PrivateKey.generate())
    assert [r["username"] for r in pending] == ["chenfang"]
    assert pending[0]["key_id"] == renewed.id and pending[0]["role"] == "supervisor"
    admin.database.close()


@pytest.mark.slow
def test_an_account_from_before_keys_gets_one_at_its_next_sign_in_on_the_record(
    station, policy, calendar
):
    from argon2 import PasswordHasher

    admin, _me = desk(station, "admin", PASSWORD, policy, calendar)
    with admin.database.write() as session:  # as an older desk left it: a password, no key
        old = cases.add_user(
            session, actor="admin", username="zhouli", display_name="周丽", role=Role.CLERK
        )
        old.password_hash = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash(CLERK)
        session.add(old)
    assert admin.database.key is not None
    from hukou_desk.storage import keyring

    keyring.Keyring.load(keyring.path_for(station)).set_user("zhouli", CLERK, admin.database.key)
    admin.database.close()
    clerk, _zhou = desk(station, "zhouli", CLERK, policy, calendar)
    made = key_of(clerk.database, "zhouli")
    with clerk.database.read() as session:
        event = session.exec(
            select(AuditEvent).where(AuditEvent.action == "user.key", AuditEvent.actor == "zhouli")
        ).one()
    assert event.entity_id == made.id and event.signer == made.id  # signed by the new key
    assert verdict(clerk.database).intact
    clerk.database.close()


# --- every act signed by its actor; a clerk cannot sign for a supervisor ----------------------


def _centre(tmp_path: Path, path: Path, policy, calendar, target: str | None = None):
    """The centre (a case file, or PostgreSQL at `target`): it trusts the station, has
    enrolled its deciders' keys and sent them back in its reference data; the station seals
    its bundles to the centre."""
    from hukou_desk.sync.centre import open_target

    bundle_key = X25519PrivateKey.generate()
    centre = open_target(target or str(tmp_path / "centre" / "centre.db"))
    admin, me = desk(path, "admin", PASSWORD, policy, calendar)
    exchange.install_centre_key(admin, me, public_key=keys.public_text(bundle_key))
    exchange.trust_centre(admin, me, public_key=keys.public_text(TEST_CENTRE))
    station_key = keys.station_key(admin.database.keys_dir, admin.database.key)
    with centre.write() as session:
        trust.trust(
            session, station="440703001", public_key=keys.public_text(station_key), actor="t"
        )
    requests = exchange.enrolment_requests(admin, me)  # the administrator's file
    with centre.write() as session:
        known = keys.known_keys(session)
        for one in enrolment.read_requests(requests):
            enrolment.enrol(session, one, station_keys=known, actor="cli:centre")
        answers = enrolment.answers(session, TEST_CENTRE)
    with admin.database.write() as session:
        enrolment.install(session, answers, centre_key=keys.public_text(TEST_CENTRE))
    admin.database.close()
    return centre, bundle_key


def _export_and_import(path, centre, bundle_key, tmp_path, policy, calendar):
    admin, me = desk(path, "admin", PASSWORD, policy, calendar)
    try:
        data = exchange.export(admin, me, out=tmp_path / "out.hkb").data
    finally:
        admin.database.close()
    return importing.import_bundle(
        centre, data, centre_key=bundle_key, files_dir=tmp_path / "files", actor="t"
    )


def _prepared(path, policy, calendar) -> str:
    clerk, me = desk(path, "liwen", CLERK, policy, calendar)
    try:
        return recommended_case(clerk, me).number
    finally:
        clerk.database.close()


@pytest.mark.slow
def test_an_honest_decision_is_signed_and_the_centre_takes_it(station, policy, calendar, tmp_path):
    centre, bundle_key = _centre(tmp_path, station, policy, calendar)
    number = _prepared(station, policy, calendar)
    boss, me = desk(station, "chenfang", BOSS, policy, calendar)
    assert decisions.why_not_decide(boss, me, number=number) is None
    decisions.approve(boss, me, number=number)
    with boss.database.read() as session:
        approval = session.exec(select(AuditEvent).where(AuditEvent.action == "case.approve")).one()
    assert approval.signer == key_of(boss.database, "chenfang").id
    assert verdict(boss.database).intact
    boss.database.close()
    report = _export_and_import(station, centre, bundle_key, tmp_path, policy, calendar)
    assert report.seq_to > 0
    centre.close()


@pytest.mark.slow
def test_a_refusals_marked_criteria_travel_to_the_centre(station, policy, calendar, tmp_path):
    """The criteria a supervisor marked travel with the signed refusal, and the centre counts
    the refusal by them (not by what the engine found unmet)."""
    from hukou_desk.domain.outcome import RecordedOutcome
    from hukou_desk.storage.models import Decision, StatsRefusal

    centre, bundle_key = _centre(tmp_path, station, policy, calendar)
    number = _prepared(station, policy, calendar)
    boss, me = desk(station, "chenfang", BOSS, policy, calendar)
    grounds = ["spouse_fixed_residence", "spouse_city_hukou"]
    decisions.refuse(boss, me, number=number, grounds=grounds, reasons="经核查")
    assert verdict(boss.database).intact
    boss.database.close()
    report = _export_and_import(station, centre, bundle_key, tmp_path, policy, calendar)
    assert report.seq_to > 0
    with centre.read() as session:
        refusal = session.exec(select(Decision).where(Decision.kind == "refusal")).one()
        counted = session.exec(select(StatsRefusal.criterion_id, StatsRefusal.clause)).all()
    centre.close()
    recorded = RecordedOutcome.from_json(refusal.outcome)
    assert recorded.grounds == ("spouse_city_hukou", "spouse_fixed_residence")
    assert sorted(counted) == [
        ("spouse_city_hukou", "二（一）1"),
        ("spouse_fixed_residence", "二（一）1"),
    ]


@pytest.mark.parametrize("centre_kind", ["sqlite", "postgresql"])
@pytest.mark.parametrize("how", ["unsigned", "signed with a key of the clerk's making"])
@pytest.mark.slow
def test_a_clerk_cannot_record_an_approval_by_the_supervisor(
    station, policy, calendar, tmp_path, how, centre_kind, request
):
    """The insider: the clerk's password opens the file, the product's own storage layer
    writes an approval "by" the supervisor. `audit verify` and the centre (on a case file and
    on PostgreSQL) both catch it."""
    target = request.getfixturevalue("fresh_postgres") if centre_kind == "postgresql" else None
    centre, bundle_key = _centre(tmp_path, station, policy, calendar, target)
    number = _prepared(station, policy, calendar)
    clerk, _me = desk(station, "liwen", CLERK, policy, calendar)
    database = clerk.database
    with database.write() as session:
        boss = cases.user_named(session, "chenfang")
        if how != "unsigned":  # a key "for" the supervisor, under a password the clerk chose
            _row, private = person_keys.make(
                session, actor="liwen", user=boss, password="Clerk-Knows-This-One-1"
            )
            database.signers["chenfang"] = private
        cases.act(
            session,
            actor=boss,
            case=cases.case_by_number(session, number),
            action=Action.APPROVE,
            today=TODAY,
            calendar=calendar,
            policy=policy,
        )
    found = verdict(database)
    assert not found.intact and "chenfang" in found.problem.en
    assert ("no signature" if how == "unsigned" else "never enrolled") in found.problem.en
    database.close()
    with pytest.raises(BundleRefused, match="chenfang") as refused:
        _export_and_import(station, centre, bundle_key, tmp_path, policy, calendar)
    said = refused.value.message.en
    assert ("unsigned" if how == "unsigned" else "never enrolled") in said
    with centre.read() as session:  # nothing imported
        assert trust.imported_audit(session, "440703001")[0] == 0
    centre.close()


@pytest.mark.slow
def test_an_administrator_alone_cannot_pass_maker_checker(station, policy, calendar, tmp_path):
    """The administrator resets a clerk's and a supervisor's password, prepares a case as the
    one and approves it as the other: the desk refuses, saying why; forced through the
    storage layer, `audit verify` and the centre refuse it."""
    centre, bundle_key = _centre(tmp_path, station, policy, calendar)
    admin, me = desk(station, "admin", PASSWORD, policy, calendar)
    staff.reset_password(admin, me, username="liwen", password="Admin-Made-Clerk-Pass-3")
    staff.reset_password(admin, me, username="chenfang", password="Admin-Made-Boss-Pass-4")
    admin.database.close()
    clerk, as_clerk = desk(station, "liwen", "Admin-Made-Clerk-Pass-3", policy, calendar)
    number = recommended_case(clerk, as_clerk).number
    clerk.database.close()
    boss, as_boss = desk(station, "chenfang", "Admin-Made-Boss-Pass-4", policy, calendar)
    # The reset password changed for one of "her" own, so maker-checker's own rule passes...
    staff.change_own_password(
        boss.file, as_boss, old="Admin-Made-Boss-Pass-4", new="Admin-Again-As-Boss-5"
    )
    # ...but the key behind it is new, and the centre never enrolled it.
    reason = decisions.why_not_decide(boss, as_boss, number=number)
    assert reason is not None and "not enrolled" in reason.en
    with pytest.raises(NotPermitted, match="not enrolled"):
        decisions.approve(boss, as_boss, number=number)
    assert intake.status_of(boss, as_boss, number=number).value == "recommended"
    with boss.database.write() as session:  # forced through the storage layer
        cases.act(
            session,
            actor=cases.user_named(session, "chenfang"),
            case=cases.case_by_number(session, number),
            action=Action.APPROVE,
            today=TODAY,
            calendar=calendar,
            policy=policy,
        )
    found = verdict(boss.database)
    assert not found.intact and "never enrolled" in found.problem.en
    boss.database.close()
    with pytest.raises(BundleRefused, match="never enrolled"):
        _export_and_import(station, centre, bundle_key, tmp_path, policy, calendar)
    centre.close()


def test_the_enrolment_request_is_signed_by_the_person_and_the_station(
    station, policy, calendar, tmp_path
):
    admin, me = desk(station, "admin", PASSWORD, policy, calendar)
    staff.reset_password(admin, me, username="chenfang", password=BOSS)
    data = exchange.enrolment_requests(admin, me)
    station_key = keys.station_key(admin.database.keys_dir, admin.database.key)
    admin.database.close()
    by_name = {r["username"]: r for r in json.loads(data)["requests"]}
    assert set(by_name) == {"admin", "chenfang"}  # the deciders, none enrolled yet
    request = by_name["chenfang"]
    assert request["kind"] == "hukou-desk/enrolment-request" and request["username"] == "chenfang"
    centre = open_database(tmp_path / "centre.db")
    with centre.write() as session:
        known = {"440703001": keys.public_text(station_key)}
        forged = {**request, "role": "admin"}  # the station's signature no longer matches
        with pytest.raises(enrolment.EnrolmentRefused, match="station"):
            enrolment.enrol(session, forged, station_keys=known, actor="t")
        other = Ed25519PrivateKey.generate()  # another key swapped in: not the person's proof
        swapped = {
            **request,
            "public_key": person_keys.b64url(person_keys.raw_public(other)),
            "key_id": person_keys.key_id(person_keys.raw_public(other)),
        }
        with pytest.raises(enrolment.EnrolmentRefused):
            enrolment.enrol(session, swapped, station_keys=known, actor="t")
        with pytest.raises(enrolment.EnrolmentRefused, match="not registered"):
            enrolment.enrol(session, request, station_keys={}, actor="t")
        done = enrolment.enrol(session, request, station_keys=known, actor="t")
    assert done["username"] == "chenfang" and done["role"] == "supervisor"
    centre.close()


# --- audit verify covers every record ------------------------------------------------------------


@pytest.fixture(scope="module")
def worked_once(tmp_path_factory, policy, calendar) -> Path:
    """A day's work on the encrypted station, touching every recorded table: a setting, two
    cases (one with a scan, approved, its permit issued), a correction of a person."""
    from hukou_desk.services import printing
    from hukou_desk.slips.content import SlipKind
    from tests.services.conftest import APPLICANT, SPOUSE, open_spouse_case, verify_everything

    station = set_up(tmp_path_factory.mktemp("worked") / "data" / "hukou-desk.db", policy, calendar)
    admin, me = desk(station, "admin", PASSWORD, policy, calendar)
    staff.change_settings(admin, me, complaint_phone="0750-12345")
    enrol(admin.database)
    admin.database.close()
    clerk, as_clerk = desk(station, "liwen", CLERK, policy, calendar)
    ref = open_spouse_case(clerk, as_clerk)
    intake.set_people(
        clerk, as_clerk, case_id=ref.id,
        people=[intake.Party(intake.PartyRole.SPONSOR, SPOUSE, "李华", "10")],
    )  # fmt: skip
    intake.attach_scan(
        clerk, as_clerk, case_id=ref.id, document_id="marriage_certificate",
        party="applicant", file_name="scan.pdf", content=b"%PDF-1.4\n%%EOF\n",
    )  # fmt: skip
    verify_everything(clerk, as_clerk, ref)
    intake.submit(clerk, as_clerk, case_id=ref.id, recommend=True, reasons="材料齐全")
    open_spouse_case(clerk, as_clerk)  # a second case, still open: the correction reaches it
    refused = recommended_case(clerk, as_clerk)  # a third, to refuse; a fourth, to send back
    returned = recommended_case(clerk, as_clerk)
    clerk.database.close()
    boss, as_boss = desk(station, "chenfang", BOSS, policy, calendar)
    decisions.approve(boss, as_boss, number=ref.number)
    decisions.refuse(
        boss, as_boss, number=refused.number, reasons="不符合条件", grounds=["spouse_city_hukou"]
    )
    decisions.extend_time_limit(boss, as_boss, number=returned.number, reasons="需外调核实")
    decisions.return_for_documents(
        boss, as_boss, number=returned.number,
        lacking=[("marriage_certificate", "applicant")], note="结婚证复印件不清晰",
    )  # fmt: skip
    printing.print_to_file(boss, as_boss, kind=SlipKind.APPROVAL, number=ref.number)
    intake.correct_person(
        boss, as_boss, id_number=APPLICANT, changes={"phone": "13700000000"},
        reason="电话号码受理时录错",
    )  # fmt: skip
    assert verdict(boss.database).intact
    boss.database.close()
    return station


@pytest.fixture
def worked(worked_once: Path, tmp_path: Path) -> Path:
    """A copy of the worked station's data folder (case file, keyring, keys, scans)."""
    import shutil

    shutil.copytree(worked_once.parent, tmp_path / "data")
    return tmp_path / "data" / worked_once.name


# Each recorded table, and an edit of one of its rows made straight in the file.
EDITS = {
    "case_file": "UPDATE case_file SET clock_limit = 50",
    "person": "UPDATE person SET phone = '13900000000'",
    "case_role": "UPDATE case_role SET current_address = '江门市某处'",
    "document_check": "UPDATE document_check SET note = '已核' WHERE rowid = "
    "(SELECT min(rowid) FROM document_check)",
    "attachment": "UPDATE attachment SET media_type = 'image/png'",
    "check_attachment": "UPDATE check_attachment SET file_name = 'other.pdf'",
    "decision": "UPDATE decision SET reasons = '另有理由' WHERE kind = 'approval'",
    # A refusal's marked criteria changed in the file: the signed row no longer matches.
    "decision grounds": "UPDATE decision SET outcome = "
    "json_set(outcome, '$.grounds', json('[\"spouse_fixed_residence\"]')) WHERE kind = 'refusal'",
    "issued_slip": "UPDATE issued_slip SET issued_by = 'liwen'",
    "person_correction": "UPDATE person_correction SET reason = '无'",
    "user": "UPDATE user SET display_name = '某人' WHERE username = 'liwen'",
    "person_key": "UPDATE person_key SET created_at = '2020-01-01 00:00:00' "
    "WHERE username = 'liwen'",
    "station": "UPDATE station SET phone = '0750-0000000'",
    "setting": "UPDATE setting SET value = '110' WHERE key = 'station.complaint_phone'",
    "check_attachment deleted": "DELETE FROM check_attachment",
    # The ledger itself: a version removed breaks the signature over its transaction's rows.
    "row_version": "DELETE FROM row_version WHERE table_name = 'decision'",
}


@pytest.mark.parametrize("table", sorted(EDITS))
@pytest.mark.slow
def test_audit_verify_names_a_row_edited_outside_the_desk_in_every_table(
    worked, policy, calendar, table
):
    """One row of each recorded table edited through the product's own storage layer — its
    SQLCipher engine on the encrypted file, raw SQL — and `audit verify` names what was
    edited."""
    admin, me = desk(worked, "admin", PASSWORD, policy, calendar)
    with admin.database.engine.begin() as connection:
        assert connection.exec_driver_sql(EDITS[table]).rowcount >= 1
    from hukou_desk.services import station as station_service

    found = station_service.verify_audit(admin, me)
    assert not found.intact
    name = table.split()[0]
    if name == "row_version":
        assert "the rows signed with event" in found.problem.en
    elif name == "case_file":  # a case is named by its number
        assert "440703001-2026-" in found.problem.en
    else:
        assert f"of {name} (" in found.problem.en
        assert ("deleted" if "deleted" in table else "changed") in found.problem.en
    admin.database.close()


# The acts that count, as the worked station's trail records them (issue 24's list).
SIGNED = {
    "document finding": "check.record",
    "scan attached": "check.attach",
    "submission": "case.submit",
    "recommendation": "case.recommend",
    "approval": "case.approve",
    "refusal": "case.refuse",
    "return for documents": "case.request_documents",
    "time limit extended": "case.extend",
    "issued paper": "print.approval",
    "correction of a person": "person.correct",
    "correction in a case": "case.correct_person",
    "account created": "user.create",
    "password set": "user.password",
    "key made": "user.key",
    "setting changed": "settings.change",
}


@pytest.mark.parametrize("act", sorted(SIGNED))
@pytest.mark.slow
def test_each_act_that_counts_is_signed_by_its_actor_and_a_stripped_signature_is_found(
    worked, policy, calendar, act
):
    admin, me = desk(worked, "admin", PASSWORD, policy, calendar)
    database = admin.database
    with database.read() as session:
        event = session.exec(
            select(AuditEvent)
            .where(AuditEvent.action == SIGNED[act])
            .order_by(col(AuditEvent.seq).desc())
        ).first()
        assert event is not None and event.signature is not None
        signer = session.get(PersonKey, event.signer)
    assert signer is not None and signer.username == event.actor
    with database.engine.begin() as connection:
        connection.exec_driver_sql(
            "UPDATE audit_event SET signature = NULL, signer = NULL WHERE seq = ?", (event.seq,)
        )
    from hukou_desk.services import station as station_service

    found = station_service.verify_audit(admin, me)
    assert not found.intact and found.broken_at == event.seq
    assert f"({SIGNED[act]} by {event.actor})" in found.problem.en
    assert "no signature" in found.problem.en
    database.close()
