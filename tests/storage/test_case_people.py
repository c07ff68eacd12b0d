"""A case's people as the case recorded them, in the case file itself: the upgrade that gives
every existing case its own copy of its people's details."""

from __future__ import annotations

import pytest
from sqlmodel import select

from hukou_desk.storage import cases, migrations
from hukou_desk.storage.database import open_database, sqlite_engine
from hukou_desk.storage.models import CaseRole, Person

_USER = "00000000000000000000000000000001"
_APPLICANT = "00000000000000000000000000000002"
_SPONSOR = "00000000000000000000000000000004"
_CASE = "00000000000000000000000000000003"


def _person(connection, pid: str, number: str, name: str, address: str) -> None:
    connection.exec_driver_sql(
        "INSERT INTO person (id, id_number, name, former_names, sex, birth_date, ethnicity, "
        "hukou_address, hukou_office, current_address, phone, created_at, updated_at) VALUES "
        f"('{pid}', '{number}', '{name}', '', '1', '1990-01-01', '01', '{address}', "
        "'台城派出所', '', '13800138000', '2026-01-01', '2026-01-01')"
    )


def test_the_upgrade_gives_every_case_its_own_copy_of_its_peoples_details(tmp_path):
    path = tmp_path / "c.db"
    engine = sqlite_engine(path)
    migrations.upgrade(engine, "0008")
    with engine.begin() as connection:
        connection.exec_driver_sql(
            f"INSERT INTO user VALUES ('{_USER}', 'clerk', 'C', 'clerk', NULL, 1, 0, NULL, "
            "'2026-01-01')"
        )
        _person(connection, _APPLICANT, "440781199001011246", "陈小明", "台山市台城街道")
        _person(connection, _SPONSOR, "44070319880505001X", "李华", "江门市蓬江区")
        connection.exec_driver_sql(
            f"INSERT INTO case_file VALUES ('{_CASE}', 1, '440703001-2026-000001', "
            "'440703001', 'spouse', 1, 'approved', '2026-11-20', '440703', "
            f"'{_APPLICANT}', '{_USER}', '{{}}', 20, 0, NULL, NULL, 1, '2026-01-01', "
            "'2026-01-01')"
        )
        connection.exec_driver_sql(
            "INSERT INTO case_role (id, case_id, person_id, role, relationship) VALUES "
            f"('00000000000000000000000000000005', '{_CASE}', '{_SPONSOR}', 'sponsor', '10')"
        )
    engine.dispose()
    database = open_database(path)
    with database.write() as session:
        rows = {r.role: r for r in session.exec(select(CaseRole))}
        assert sorted(rows) == ["applicant", "sponsor"]
        assert (rows["applicant"].name, rows["applicant"].hukou_address) == (
            "陈小明",
            "台山市台城街道",
        )
        assert (rows["sponsor"].name, rows["sponsor"].phone) == ("李华", "13800138000")
        # From now on the person's row may change; the case keeps what it recorded.
        sponsor = session.exec(select(Person).where(Person.name == "李华")).one()
        sponsor.name = "李小华"
        session.add(sponsor)
    with database.write() as session:
        found = cases.open_case(session, actor="cli:test", number="440703001-2026-000001")
    database.close()
    assert found.applicant.name == "陈小明"
    assert [(r.role, p.name) for r, p in found.parties] == [("sponsor", "李华")]


@pytest.mark.slow
def test_cases_that_recorded_no_details_keep_those_they_showed_when_the_person_changes(
    db, staff, policy
):
    """Rows from before cases kept their people's details (demo data, an older station's
    bundle) stand on the person's row: a later change of it leaves them as they were."""
    from hukou_desk.domain.facts import Facts
    from hukou_desk.domain.parties import PartyRole
    from tests.storage.conftest import TODAY

    clerk = staff["clerk"]
    with db.write() as session:
        applicant = cases.save_person(
            session, actor=clerk, identity_number="440781199001011246", name="陈小明", today=TODAY
        )
        case = cases.create_case(
            session,
            actor=clerk,
            applicant=applicant,
            pathway=policy.pathway("spouse"),
            facts=Facts.model_validate({"application_date": TODAY.isoformat()}),
            application_date=TODAY,
            district="440703",
            policy=policy,
        )
        sponsor = cases.save_person(
            session, actor=clerk, identity_number="44070319880505001X", name="李华", today=TODAY
        )
        cases.add_party(session, actor=clerk, case=case, person=sponsor, role=PartyRole.SPONSOR)
        number = case.number
    with db.write() as session:  # as an older station wrote them
        for row in session.exec(select(CaseRole)):
            if row.role == "applicant":
                session.delete(row)
            else:
                row.name = None
                session.add(row)
    with db.write() as session:
        for identity, name in (("440781199001011246", "陈大明"), ("44070319880505001X", "李小华")):
            cases.save_person(
                session, actor=clerk, identity_number=identity, name=name, today=TODAY
            )
    with db.write() as session:
        found = cases.open_case(session, actor=clerk, number=number)
    assert found.applicant.name == "陈小明"
    assert [p.name for _r, p in found.parties] == ["李华"]
