"""Ids spelled otherwise than a station stores them (32 lowercase hex digits): the centre's
checks read ids as hex digits, its writes take them as they came, and the centre's programs
read a UUID however written. A station (B) that signs its own bundle respells another station's
(A's) row id — in braces, as a URN, with spaces, in capitals, with dashes — or writes an id that
is no UUID: the bundle is refused whole, nothing written, on a case file and on PostgreSQL
(on a case file a row "{A's id}" was taken as new, then read back as A's row's id)."""

from __future__ import annotations

import uuid

import pytest
from sqlmodel import select

from hukou_desk.storage.models import Decision, Person
from hukou_desk.sync import exporting
from hukou_desk.sync.bundle import BundleRefused
from tests.sync import test_owners
from tests.sync.conftest import _import
from tests.sync.test_owners import A, _forged, _one_of_a, _snapshot

world = test_owners.world  # stations A and B, A's cases at the centre (both databases)

SPELLINGS = {
    "braces": lambda h: "{" + str(uuid.UUID(h)) + "}",
    "urn": lambda h: "urn:uuid:" + str(uuid.UUID(h)),
    "spaces": lambda h: f" {h} ",
    "capitals": lambda h: h.upper(),
    "dashes": lambda h: str(uuid.UUID(h)),
}


def _refused(centre, data, centre_key, tmp_path) -> str:
    before = _snapshot(centre)
    with pytest.raises(BundleRefused) as refused:
        _import(centre, data, centre_key, tmp_path)
    assert _snapshot(centre) == before  # nothing of B's written, nothing of A's changed
    return refused.value.describe("en")


def _a_person(centre) -> Person:
    with centre.read() as session:
        return session.exec(select(Person).where(Person.station_code == A)).first()


@pytest.mark.parametrize("spelling", list(SPELLINGS))
def test_b_respelling_as_decision_id_is_refused(world, centre_key, tmp_path, spelling):
    _first, second, centre = world
    decision = _one_of_a(centre, Decision)
    respelled = SPELLINGS[spelling](decision.id.hex)

    def change(tables):
        decisions = tables["decisions"]
        decisions.values[0][decisions.columns.index("id")] = respelled

    data = _forged(second, exporting.export(second, actor="t").data, centre_key, change)
    said = _refused(centre, data, centre_key, tmp_path)
    assert "decision" in said
    with centre.read() as session:
        assert [
            d.case_id for d in session.exec(select(Decision).where(Decision.id == decision.id))
        ] == [decision.case_id]


@pytest.mark.parametrize("spelling", list(SPELLINGS))
def test_b_respelling_as_person_id_is_refused(world, centre_key, tmp_path, spelling):
    _first, second, centre = world
    victim = _a_person(centre)
    respelled = SPELLINGS[spelling](victim.id.hex)

    def change(tables):
        persons = tables["persons"]
        own = persons.values[0][persons.columns.index("id")]
        persons.values[0][persons.columns.index("id")] = respelled
        persons.values[0][persons.columns.index("name")] = "改写"
        for name, column in (("cases", "applicant_id"), ("roles", "person_id")):
            rows = tables[name]
            at = rows.columns.index(column)
            for row in rows.values:
                if row[at] == own:
                    row[at] = respelled

    data = _forged(second, exporting.export(second, actor="t").data, centre_key, change)
    said = _refused(centre, data, centre_key, tmp_path)
    assert "people" in said or "persons" in said


@pytest.mark.parametrize("table", ["users", "cases", "checks"])
def test_b_writing_an_id_that_is_no_uuid_is_refused_as_invalid(world, centre_key, tmp_path, table):
    """Not a program's error halfway (a row id the centre cannot read as a UUID): the
    bundle refused as invalid values of the table."""
    _first, second, centre = world

    def change(tables):
        rows = tables[table]
        at = rows.columns.index("id")
        old = rows.values[0][at]
        rows.values[0][at] = "not-a-uuid"
        if table == "checks":
            links = tables["attachments"]
            at_check = links.columns.index("check_id")
            for row in links.values:
                if row[at_check] == old:
                    row[at_check] = "not-a-uuid"

    data = _forged(second, exporting.export(second, actor="t").data, centre_key, change)
    said = _refused(centre, data, centre_key, tmp_path)
    assert said == f"Invalid values in {table}."


def test_as_decision_in_a_later_batch_after_new_ones_is_refused(
    world, centre_key, tmp_path, monkeypatch
):
    """Batches of three: the first ones all new to the centre (on PostgreSQL COPY'd straight),
    B's own decision sent twice across batches, and A's decision in the last batch among new
    rows: the batch is not taken as new, and A's decision is refused by name."""
    from hukou_desk.sync import bundle

    _first, second, centre = world
    decision = _one_of_a(centre, Decision)

    def change(tables):
        decisions = tables["decisions"]
        at_id = decisions.columns.index("id")
        assert len(decisions.values) > 6
        decisions.values.append(list(decisions.values[0]))  # B's own, again in a later batch
        last = list(decisions.values[1])
        last[at_id] = decision.id.hex
        decisions.values.append(last)

    data = _forged(second, exporting.export(second, actor="t").data, centre_key, change)
    monkeypatch.setattr(bundle, "BATCH", 3)
    said = _refused(centre, data, centre_key, tmp_path)
    assert "not its own" in said and decision.id.hex[:8] in said
    with centre.read() as session:
        assert session.get(Decision, decision.id).case_id == decision.case_id
