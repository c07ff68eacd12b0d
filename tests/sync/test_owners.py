"""The red team's attacks on the centre, re-run on a case file and on a real PostgreSQL: a
station (B) that signs its own bundle tries to change what another station (A) sent. Each is
refused whole and named, or — a person B knows only by identity number — B's cases are linked
to A's person and A's copy is left as A sent it."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
import sqlalchemy as sa
from sqlmodel import select

from hukou_desk import keys
from hukou_desk.domain.facts import Facts
from hukou_desk.domain.loader import load_policy
from hukou_desk.paths import forms_dir
from hukou_desk.storage import attachments, cases
from hukou_desk.storage.database import open_database
from hukou_desk.storage.models import (
    Case,
    CaseRole,
    CheckAttachment,
    Decision,
    DocumentCheck,
    Person,
    User,
)
from hukou_desk.sync import bundle, exporting
from hukou_desk.sync.bundle import BundleRefused, Contents, Rows
from hukou_desk.sync.centre import open_target
from tests.sync.conftest import _import, _station, _trust

TODAY = date(2026, 11, 20)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
A, B = "440703001", "440703002"


@pytest.fixture(params=["sqlite", "postgresql"])
def world(request, tmp_path, centre_key):
    """Stations A and B, A's cases (one with a scan) already at the centre."""
    from hukou_desk.sync.centre import open_target

    first = _station(tmp_path / "a" / "cases.db", centre_key, count=25, seed=3)
    second = _station(tmp_path / "b" / "cases.db", centre_key, count=25, seed=4, code=B)
    with first.write() as session:
        case = next(
            c
            for c in session.exec(select(Case).order_by(Case.serial))
            if c.status in ("draft", "needs_documents") and cases.checks_of(session, c)
        )
        attachments.attach(
            session,
            folder=first.attachments_dir,
            actor=cases.user_named(session, "liwen"),
            case=case,
            check=cases.checks_of(session, case)[0],
            file_name="scan.pdf",
            content=PDF,
        )
    if request.param == "sqlite":
        centre = open_database(tmp_path / "centre" / "centre.db")
    else:
        centre = open_target(request.getfixturevalue("fresh_postgres"))
    _trust(centre, first)
    _trust(centre, second)
    _import(centre, exporting.export(first, actor="t").data, centre_key, tmp_path)
    yield first, second, centre
    for database in (first, second, centre):
        database.close()


def _forged(station, data, centre_key, change) -> bytes:
    """B's genuine bundle with its tables changed by `change`, signed again with B's key (what
    whoever holds B's PC can do)."""
    signer = keys.station_key(station.keys_dir)
    opened = bundle.open_bundle(
        data, centre_key=centre_key, station_keys={B: keys.public_text(signer)}
    )
    tables = {
        n: Rows(list(r.columns), [list(v) for v in r.values]) for n, r in opened.tables.items()
    }
    change(tables)
    manifest = {k: v for k, v in opened.manifest.items() if k not in ("members", "format_version")}
    return bundle.seal(
        Contents(manifest, tables, opened.files),
        station_key=signer,
        centre_key=centre_key.public_key(),
    )


def _snapshot(centre) -> dict[str, list[tuple]]:
    """Everything of A's at the centre that an attack could touch."""
    with centre.read() as session:
        return {
            "persons": sorted(
                (p.id.hex, p.name, p.current_address, p.phone, p.station_code)
                for p in session.exec(select(Person))
            ),
            "links": sorted(
                (link.id.hex, link.check_id.hex, link.sha256)
                for link in session.exec(select(CheckAttachment))
            ),
            "decisions": sorted(
                (d.id.hex, d.case_id.hex, d.kind) for d in session.exec(select(Decision))
            ),
            "cases": sorted((c.id.hex, c.status, c.revision) for c in session.exec(select(Case))),
        }


def _one_of_a(centre, model):
    with centre.read() as session:
        case_ids = select(Case.id).where(Case.station_code == A)
        if model is CheckAttachment:
            checks = select(DocumentCheck.id).where(DocumentCheck.case_id.in_(case_ids))
            return session.exec(select(model).where(model.check_id.in_(checks))).first()
        return session.exec(select(model).where(model.case_id.in_(case_ids))).first()


def _refused_named(centre, data, centre_key, tmp_path, *named: str) -> None:
    before = _snapshot(centre)
    with pytest.raises(BundleRefused) as refused:
        _import(centre, data, centre_key, tmp_path)
    said = refused.value.describe("en")
    assert "not its own" in said and "Nothing of the bundle was imported" in said
    for name in named:
        assert name in said
    assert _snapshot(centre) == before  # nothing of B's written, nothing of A's changed


@pytest.mark.slow
def test_b_knowing_only_an_identity_number_never_rewrites_as_person(world, centre_key, tmp_path):
    first, second, centre = world
    with first.read() as session:
        approved = session.exec(select(Case).where(Case.status == "approved")).first()
        victim = session.get(Person, approved.applicant_id)
    with second.write() as session:  # B records "the same person" with other details
        clerk = cases.user_named(session, "liwen")
        again = cases.save_person(
            session,
            actor=clerk,
            identity_number=victim.id_number,
            name="冒名",
            today=TODAY,
            current_address="别处 1 号",
            phone="13900000000",
        )
        made = cases.create_case(
            session,
            actor=clerk,
            applicant=again,
            pathway=None,
            facts=Facts(),
            application_date=TODAY,
            district="440703",
            policy=load_policy(forms_dir()),
        )
    before = _snapshot(centre)
    report = _import(centre, exporting.export(second, actor="t").data, centre_key, tmp_path)
    assert report.inserted["cases"] == 26
    with centre.read() as session:
        held = session.get(Person, victim.id)
        assert (held.name, held.current_address, held.phone) == (
            victim.name,
            victim.current_address,
            victim.phone,
        )
        assert held.station_code == A
        # B's case is linked to the one person; B's details are B's case's own record.
        theirs = session.exec(select(Case).where(Case.number == made.number)).one()
        assert theirs.applicant_id == victim.id
        role = session.exec(
            select(CaseRole).where(CaseRole.case_id == theirs.id, CaseRole.role == "applicant")
        ).one()
        assert (role.name, role.person_id) == ("冒名", victim.id)
        assert (
            session.exec(
                select(sa.func.count())
                .select_from(Person)
                .where(Person.id_number == victim.id_number)
            ).one()
            == 1
        )
    assert [p for p in _snapshot(centre)["persons"] if p[4] == A] == [
        p for p in before["persons"] if p[4] == A
    ]


def test_b_carrying_a_person_row_with_as_id_is_refused(world, centre_key, tmp_path):
    _first, second, centre = world
    with centre.read() as session:
        victim = session.exec(select(Person).where(Person.station_code == A)).first()

    def change(tables):
        persons = tables["persons"]
        own = persons.values[0][persons.columns.index("id")]
        persons.values[0][persons.columns.index("id")] = victim.id.hex
        persons.values[0][persons.columns.index("name")] = "改写"
        for name, column in (("cases", "applicant_id"), ("roles", "person_id")):
            rows = tables[name]
            at = rows.columns.index(column)
            for row in rows.values:
                if row[at] == own:
                    row[at] = victim.id.hex

    data = _forged(second, exporting.export(second, actor="t").data, centre_key, change)
    _refused_named(centre, data, centre_key, tmp_path, "people", victim.id.hex[:8])


def test_b_adding_a_scan_to_as_document_check_is_refused(world, centre_key, tmp_path):
    _first, second, centre = world
    link = _one_of_a(centre, CheckAttachment)
    with centre.read() as session:
        clerk = session.exec(select(User).where(User.username == f"{B}/liwen")).first()
    data = exporting.export(second, actor="t").data

    def change(tables):
        users = tables["users"]
        clerk_id = next(
            row[users.columns.index("id")]
            for row in users.values
            if row[users.columns.index("username")] == "liwen"
        )
        scans = tables["attachments"]
        row = {c: None for c in scans.columns} | {
            "id": uuid.uuid4().hex,
            "check_id": link.check_id.hex,  # A's document check
            "sha256": link.sha256,
            "file_name": "forged.pdf",
            "added_by": clerk_id,
            "added_at": "2026-11-20T08:00:00",
            "size": len(PDF),
            "media_type": "application/pdf",
            "created_at": "2026-11-20T08:00:00",
        }
        scans.values.append([row[c] for c in scans.columns])

    assert clerk is None  # B has sent nothing yet: its clerk comes in its own bundle
    forged = _forged(second, data, centre_key, change)
    _refused_named(centre, forged, centre_key, tmp_path, "scans", link.check_id.hex[:8])


def test_a_row_id_equal_to_as_scan_link_or_decision_is_refused(world, centre_key, tmp_path):
    _first, second, centre = world
    link = _one_of_a(centre, CheckAttachment)
    decision = _one_of_a(centre, Decision)
    data = exporting.export(second, actor="t").data

    def repoint_link(tables):
        scans, checks = tables["attachments"], tables["checks"]
        own_check = checks.values[0][checks.columns.index("id")]
        users = tables["users"]
        row = {c: None for c in scans.columns} | {
            "id": link.id.hex,  # A's link, re-pointed to B's check
            "check_id": own_check,
            "sha256": link.sha256,
            "file_name": "mine.pdf",
            "added_by": users.values[0][users.columns.index("id")],
            "added_at": "2026-11-20T08:00:00",
            "size": len(PDF),
            "media_type": "application/pdf",
            "created_at": "2026-11-20T08:00:00",
        }
        scans.values.append([row[c] for c in scans.columns])

    def repoint_decision(tables):
        decisions = tables["decisions"]
        decisions.values[0][decisions.columns.index("id")] = decision.id.hex

    for change, named in ((repoint_link, link.id.hex[:8]), (repoint_decision, decision.id.hex[:8])):
        forged = _forged(second, data, centre_key, change)
        _refused_named(centre, forged, centre_key, tmp_path, named)
    with centre.read() as session:
        assert session.get(Decision, decision.id).case_id == decision.case_id
        assert session.get(CheckAttachment, link.id).check_id == link.check_id


def test_b_naming_as_staff_or_as_person_in_its_rows_is_refused(world, centre_key, tmp_path):
    _first, second, centre = world
    with centre.read() as session:
        staff = session.exec(select(User).where(User.username == f"{A}/liwen")).one()
        person = session.exec(select(Person).where(Person.station_code == A)).first()
    data = exporting.export(second, actor="t").data

    def decided_by_a(tables):
        decisions = tables["decisions"]
        decisions.values[0][decisions.columns.index("decided_by")] = staff.id.hex

    def role_of_a(tables):
        roles = tables["roles"]
        roles.values[0][roles.columns.index("person_id")] = person.id.hex

    _refused_named(
        centre, _forged(second, data, centre_key, decided_by_a), centre_key, tmp_path, "staff"
    )
    _refused_named(
        centre, _forged(second, data, centre_key, role_of_a), centre_key, tmp_path, "people"
    )


@pytest.mark.slow
def test_one_station_cannot_overwrite_anothers_cases_or_staff(tmp_path, centre_key):
    """Station B carries station A's case (set to approved) in a bundle it signs: refused,
    named, and nothing of B's bundle written; the same for one of A's staff renamed."""
    import sqlite3

    first = _station(tmp_path / "a" / "cases.db", centre_key, count=30, seed=3)
    second = _station(tmp_path / "b" / "cases.db", centre_key, count=30, seed=4, code="440703002")
    centre = open_database(tmp_path / "centre.db")
    _trust(centre, first)
    _trust(centre, second)
    _import(centre, exporting.export(first, actor="t").data, centre_key, tmp_path)
    with centre.read() as session:
        victim = session.exec(select(Case).where(Case.station_code == "440703001")).first()
        before = (victim.status, victim.revision)
        cases_before = len(session.exec(select(Case)).all())
    # B's file gets A's case, newer and approved, as if B had it: B exports, signing it.
    with sqlite3.connect(first.path) as raw_a, sqlite3.connect(second.path) as raw_b:
        columns = [c[1] for c in raw_a.execute("PRAGMA table_info(case_file)")]
        row = list(
            raw_a.execute("SELECT * FROM case_file WHERE id = ?", (victim.id.hex,)).fetchone()
        )
        row[columns.index("status")] = "approved"
        row[columns.index("revision")] = victim.revision + 5
        row[columns.index("serial")] = 999_999
        marks = ", ".join("?" for _ in columns)
        raw_b.execute(f"INSERT INTO case_file ({', '.join(columns)}) VALUES ({marks})", row)
        raw_b.execute(
            "INSERT INTO change (case_id, action, revision, at) VALUES (?, 'case.revise', ?, ?)",
            (victim.id.hex, victim.revision + 5, "2026-11-29T00:00:00"),
        )
    with pytest.raises(BundleRefused) as refused:
        _import(centre, exporting.export(second, actor="t").data, centre_key, tmp_path)
    said = refused.value.describe("en")
    assert victim.number in said and "not its own" in said
    with centre.read() as session:
        again = session.get(Case, victim.id)
        assert (again.status, again.revision) == before
        assert len(session.exec(select(Case)).all()) == cases_before  # none of B's written


def test_a_station_cannot_rename_another_stations_staff(tmp_path, centre_key):
    import sqlite3

    second = _station(tmp_path / "b" / "cases.db", centre_key, count=5, seed=4, code="440703002")
    centre = open_database(tmp_path / "centre.db")
    _trust(centre, second)
    with sqlite3.connect(second.path) as raw:
        raw.execute("UPDATE user SET username = '440703001/liwen' WHERE username = 'liwen'")
    with pytest.raises(BundleRefused) as refused:
        _import(centre, exporting.export(second, actor="t").data, centre_key, tmp_path)
    assert "440703001/liwen" in refused.value.describe("en")
    with centre.read() as session:
        assert session.exec(select(Case)).all() == []


def test_what_a_station_accepts_imports_into_postgresql_and_a_refusal_names_no_one(
    pair, centre_key, tmp_path, fresh_postgres
):
    import sqlite3

    from hukou_desk.domain.errors import HukouDeskError
    from hukou_desk.storage.models import NAME_LENGTH, Person

    station, _file_centre = pair
    longest = "欧阳" + "𠮷" * (NAME_LENGTH - 2)  # 64 characters, one of them beyond the BMP
    with station.write() as session:
        clerk = cases.user_named(session, "liwen")
        person = session.exec(select(Person)).first()
        cases.save_person(
            session, actor=clerk, identity_number=person.id_number, name=longest, today=TODAY
        )
        with pytest.raises(HukouDeskError, match="too long"):
            cases.save_person(
                session,
                actor=clerk,
                identity_number=person.id_number,
                name=longest + "明",
                today=TODAY,
            )
    centre = open_target(fresh_postgres)
    try:
        _trust(centre, station)
        _import(centre, exporting.export(station, actor="t").data, centre_key, tmp_path)
        with centre.read() as session:
            assert session.exec(select(Person).where(Person.name == longest)).one()
        # A file edited behind the station's back: refused by table, naming no one.
        with sqlite3.connect(station.path) as raw:
            raw.execute(
                "UPDATE person SET name = ? WHERE id_number = ?", (longest * 2, person.id_number)
            )
            raw.execute("UPDATE case_file SET revision = revision + 1")
            raw.execute(
                "INSERT INTO change (case_id, action, revision, at) "
                "SELECT id, 'case.revise', revision, '2026-11-29T00:00:00' FROM case_file"
            )
        with pytest.raises(BundleRefused) as refused:
            _import(centre, exporting.export(station, actor="t").data, centre_key, tmp_path)
        said = refused.value.describe("en") + refused.value.describe("zh")
        assert "person" in said and longest[:4] not in said and person.id_number not in said
    finally:
        centre.close()
