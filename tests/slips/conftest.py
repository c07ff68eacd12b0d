"""A real case file with approved, refused and incomplete cases, printed through the product."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from hukou_desk.domain.checks import CheckState
from hukou_desk.domain.engine import evaluate
from hukou_desk.domain.facts import Facts
from hukou_desk.domain.identity import check_character
from hukou_desk.domain.lifecycle import Action
from hukou_desk.domain.parties import PartyRole
from hukou_desk.paths import forms_dir
from hukou_desk.slips.wording import Wording, load_wording
from hukou_desk.storage import cases
from hukou_desk.storage.database import Database
from hukou_desk.storage.models import Case
from tests.storage.conftest import TODAY, calendar, db, staff  # noqa: F401 - shared fixtures

POPPLER = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils not installed"
)


def ident(first17: str) -> str:
    return first17 + check_character(first17)


@pytest.fixture(scope="session")
def wording() -> Wording:
    return load_wording(forms_dir())


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def make_case(
    database: Database,
    staff_users: dict,
    policy,
    cal,
    *,
    name: str = "陈小明",
    number17: str = "44078119850303123",
    relatives: int = 2,
    owned: bool = True,
    address: str = "江门市蓬江区白沙大道西1号301室",
    finish: str = "approve",
    lacking: str | None = None,
    relative_names: list[str] | None = None,
    relationships: list[str] | None = None,
    destination: str = "江门市蓬江区白沙大道西1号301室",
    grounds: list[str] | None = None,
) -> str:
    """A bought-home case with relatives, taken to `finish` (approve, refuse, submit, draft);
    a refusal rests on `grounds` (criterion ids; None: those the engine found unmet)."""
    applicant_id = ident(number17)
    people = [
        (
            ident(f"44078120150601{i:03d}"),
            relative_names[i] if relative_names else f"陈{'一二三四五六七八九十'[i % 10]}宝",
            relationships[i] if relationships else "20",
        )
        for i in range(relatives)
    ]
    raw = {
        "application_date": TODAY.isoformat(),
        "applicant": {
            "id_number": applicant_id,
            "homes_owned_in_city": 1 if owned else 0,
        },
        "relatives": [
            {"name": n, "id_number": i, "relationship": r, "marital_status": "10"}
            for i, n, r in people
        ],
        "destination": {"district": "440703", "address": destination},
    }
    clerk, boss = staff_users["clerk"], staff_users["boss"]
    with database.write() as session:
        applicant = cases.save_person(
            session,
            actor=clerk,
            identity_number=applicant_id,
            name=name,
            today=TODAY,
            phone="13800138000",
            hukou_address=address,
            hukou_office="恩平市公安局恩城派出所",
        )
        facts = Facts.model_validate(raw)
        pathway = policy.pathway("bought_home")
        case = cases.create_case(
            session,
            actor=clerk,
            applicant=applicant,
            pathway=pathway,
            facts=facts,
            application_date=TODAY,
            district="440703",
            policy=policy,
        )
        parties = [
            (
                cases.save_person(session, actor=clerk, identity_number=i, name=n, today=TODAY),
                PartyRole.RELATIVE,
                r,
            )
            for i, n, r in people
        ]
        cases.set_parties(session, actor=clerk, case=case, parties=parties)
        for check in cases.checks_of(session, case):
            state = CheckState.MISSING if check.document_id == lacking else CheckState.VERIFIED
            cases.record_check(
                session,
                actor=clerk,
                case=case,
                document_id=check.document_id,
                party=check.party,
                state=state,
            )
        if finish == "draft":
            return case.number
        outcome = evaluate(Facts.model_validate(case.facts), pathway, TODAY, policy)
        cases.record_evaluation(session, actor=clerk, case=case, outcome=outcome)

        def act(who, action, **kw):
            cases.act(
                session,
                actor=who,
                case=case,
                action=action,
                today=TODAY,
                calendar=cal,
                policy=policy,
                outcome=outcome,
                **kw,
            )

        act(clerk, Action.SUBMIT)
        if finish == "submit":
            return case.number
        act(clerk, Action.RECOMMEND, reasons="材料齐全。", recommend=finish == "approve")
        if finish == "approve":
            act(boss, Action.APPROVE, reasons="同意。")
        else:
            failed = [line.criterion_id for line in outcome.lines if line.status == "not_met"]
            act(
                boss,
                Action.REFUSE,
                reasons="申请人在本市没有合法产权住房\n另：未按要求提供材料。",
                grounds=failed if grounds is None else grounds,
            )
        return case.number


def status_of(database: Database, number: str) -> str:
    with database.read() as session:
        return cases.case_by_number(session, number).status


__all__ = ["POPPLER", "Case", "date", "ident", "make_case", "pdf_text", "status_of"]


def print_for(database, policy, work_calendar, wording, kind, number, today=TODAY):
    """A slip printed (made and recorded) through the product, as the command line does."""
    from hukou_desk.slips.printing import print_slip

    return print_slip(
        database,
        kind=kind,
        number=number,
        actor="clerk",
        policy=policy,
        wording=wording,
        calendar=work_calendar,
        today=today,
    )
