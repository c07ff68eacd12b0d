"""A case handed from one counter to another and back (sync/handover.py): the giving PC's
read-only copy is replaced by the newer case it comes back as, its rows once, and each refusal
of a hand-over file said in words."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import func, select

from hukou_desk import keys
from hukou_desk.storage import cases, counters
from hukou_desk.storage.database import Database
from hukou_desk.storage.models import Case, CaseRole, Decision, DocumentCheck
from hukou_desk.sync import handover
from tests.sync.test_counters import STATION, _clerk, _know, _pc, _touch


def _give(giver: Database, number: str, to: str, out: Path) -> dict:
    with giver.write() as session:
        given = handover.give(
            session,
            case=cases.case_by_number(session, number),
            actor=_clerk(session),
            receiver=to,
            reason="review",
            key=keys.station_key(giver.keys_dir),
            attachments_dir=giver.attachments_dir,
            file_key=None,
            out=out,
        )
    return handover.open_file(given.file.read_bytes(), given.code)


def _receive(taker: Database, payload: dict) -> handover.Received:
    with taker.write() as session:
        return handover.receive(
            session,
            payload=payload,
            actor=_clerk(session),
            attachments_dir=taker.attachments_dir,
            file_key=None,
        )


def _rows(pc: Database, number: str) -> dict[str, int]:
    with pc.read() as session:
        case = cases.case_by_number(session, number)
        return {
            model.__name__: session.exec(
                select(func.count()).select_from(model).where(model.case_id == case.id)
            ).one()
            for model in (CaseRole, DocumentCheck, Decision)
        }


@pytest.mark.slow
def test_a_case_handed_over_and_back_replaces_the_read_only_copy(tmp_path, centre_key):
    one, two, three = (
        _pc(tmp_path / c / "cases.db", centre_key, code=STATION, counter=c, count=n, seed=s)
        for c, n, s in (("01", 6, 7), ("02", 1, 8), ("03", 2, 9))
    )
    try:
        _know(one, three)
        _know(three, one)
        _know(two, one)
        with one.read() as session:
            number = (
                session.exec(
                    select(Case.number).where(Case.status == "submitted").order_by(Case.serial)
                ).first()
                or session.exec(select(Case.number).order_by(Case.serial)).first()
            )
        rows_before = _rows(one, number)
        payload = _give(one, number, "03", tmp_path / "there.hkh")

        # Refused before anything is written: a file for another counter, a forged statement.
        with pytest.raises(handover.HandoverRefused) as wrong:
            _receive(two, payload)  # 02 knows 01, but the case was handed to 03
        assert "handed to counter 440703001-03" in wrong.value.message.en
        forged = {**payload, "handover": {**payload["handover"], "signature": "AAAA"}}
        with pytest.raises(handover.HandoverRefused) as bad:
            _receive(three, forged)
        assert "not signed by counter 440703001-01" in bad.value.message.en

        there = _receive(three, payload)
        assert (there.number, there.giver, there.returned) == (number, "440703001-01", False)
        _touch(three, number)  # the supervisor's desk works on it
        back = _give(three, number, "01", tmp_path / "back.hkh")
        with pytest.raises(counters.ReadOnlyCopy):
            _touch(three, number)  # now 03's copy is the read-only one

        came_back = _receive(one, back)
        assert came_back.returned and came_back.giver == "440703001-03"
        with one.read() as session:
            case = cases.case_by_number(session, number)
            assert counters.is_ours(session, case)
            assert case.clock_limit == back["case"]["clock_limit"]  # 03's change came back
        assert _rows(one, number) == rows_before  # the copy's rows replaced, never doubled
        _touch(one, number)  # and 01 works on it again

        # The copy 01 handed over is no older than what it holds now: the first file again
        # is refused (taken already), and so is 03's file once more.
        for again in (payload, back):
            with pytest.raises(handover.HandoverRefused):
                _receive(one if again is back else three, again)
    finally:
        for pc in (one, two, three):
            pc.close()
