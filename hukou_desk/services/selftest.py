"""`hukou-desk --self-test`: what a station PC needs, checked in a few seconds, with no case file
of the station's touched.

Each check is run whatever the others said, and reports one line; the desk's screens add their
own (the Qt platform plug-in and printing). Nothing is written outside a temporary folder, and
nothing personal is printed.
"""

from __future__ import annotations

import hashlib
import stat
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from hukou_desk import __version__
from hukou_desk.domain.clock import china_today


@dataclass(frozen=True)
class Check:
    name: str
    passed: bool
    detail: str


def forms_version(folder: Path) -> str:
    """The forms in force, named by a digest of their files (the same forms, the same name)."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*.toml")):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def version_line() -> str:
    from hukou_desk.paths import forms_dir
    from hukou_desk.storage import driver

    sqlcipher = driver.connect(":memory:").execute("PRAGMA cipher_version").fetchone()
    return (
        f"hukou-desk {__version__} (forms {forms_version(forms_dir())}, "
        f"SQLCipher {sqlcipher[0] if sqlcipher else 'absent'})"
    )


def _run(name: str, check: Callable[[], str]) -> Check:
    try:
        return Check(name, True, check())
    except Exception as exc:  # a self-test reports every failure, of any kind, as a line
        return Check(name, False, f"{type(exc).__name__}: {str(exc)[:200]}")


def run(data_dir: Path | None = None) -> list[Check]:
    """Every check of the station's side; `data_dir` holds the station's key, if set up."""
    from hukou_desk.domain.facts import Facts
    from hukou_desk.domain.loader import (
        load_calendar,
        load_policy,
        load_registration_offices,
    )
    from hukou_desk.paths import forms_dir
    from hukou_desk.slips.wording import load_wording

    forms = forms_dir()
    loaded: dict[str, object] = {}

    def forms_load() -> str:
        policy = loaded["policy"] = load_policy(forms)
        loaded["calendar"] = load_calendar(forms)
        loaded["wording"] = load_wording(forms)
        offices = load_registration_offices(forms)
        return (
            f"{len(policy.pathways)} pathways, {len(policy.documents)} documents, "
            f"{sum(map(len, offices.values()))} offices ({forms_version(forms)})"
        )

    def evaluate() -> str:
        from hukou_desk.domain.engine import find_pathways
        from hukou_desk.domain.policy import Policy

        policy = loaded["policy"]
        assert isinstance(policy, Policy)
        facts = Facts.model_validate(
            {
                "application_date": china_today().isoformat(),
                "applicant": {"id_number": "440781199001011246", "marital_status": "21"},
                "sponsor": {
                    "id_number": "44070319880505001X",
                    "relationship": "10",
                    "hukou_region": "440703",
                    "residence": {"kind": "owned", "district": "440703"},
                },
            }
        )
        outcomes = find_pathways(facts, china_today(), policy)
        if not outcomes:
            raise AssertionError("no pathway ranked for a spouse's application")
        return f"a spouse's application ranked {len(outcomes)} pathways"

    with tempfile.TemporaryDirectory(prefix="hukou-desk-selftest-") as scratch:
        folder = Path(scratch)
        database_holder: dict[str, object] = {}

        def case_file() -> str:
            from hukou_desk.storage import keyring, migrations
            from hukou_desk.storage.database import open_database

            database = open_database(folder / "selftest.db", key=keyring.new_key())
            database_holder["db"] = database
            revision = migrations.current_revision(database.engine)
            if revision != migrations.head():
                raise AssertionError(f"schema {revision}, expected {migrations.head()}")
            return f"encrypted, migrated to {revision}"

        def slip() -> str:
            from hukou_desk import demo
            from hukou_desk.domain.loader import load_calendar
            from hukou_desk.domain.policy import Policy
            from hukou_desk.keys import known_keys, retired_keys
            from hukou_desk.slips import signing
            from hukou_desk.slips.printing import print_slip
            from hukou_desk.slips.wording import SlipKind, Wording
            from hukou_desk.storage.database import Database

            database = database_holder["db"]
            policy, wording = loaded["policy"], loaded["wording"]
            assert isinstance(database, Database) and isinstance(policy, Policy)
            assert isinstance(wording, Wording)
            calendar = load_calendar(forms)
            demo.generate(database, count=20, policy=policy, calendar=calendar, today=china_today())
            from sqlmodel import col, select

            from hukou_desk.slips.content import ALLOWED
            from hukou_desk.storage.models import Case

            receivable = [status.value for status in ALLOWED[SlipKind.RECEIPT]]
            with database.read() as session:
                number = session.exec(
                    select(Case.number).where(col(Case.status).in_(receivable))
                ).first()
            if number is None:
                raise AssertionError("no demo case to print a receipt for")
            printed = print_slip(
                database,
                kind=SlipKind.RECEIPT,
                number=number,
                actor="selftest",
                policy=policy,
                wording=wording,
                calendar=calendar,
                today=china_today(),
            )
            if printed.pdf.count(b"/FontFile2") < 1:
                raise AssertionError("the slip's fonts are not embedded")
            with database.read() as session:
                checked = signing.verify(
                    printed.payload, known_keys(session), retired_keys(session)
                )
            if checked.verdict is not signing.Verdict.VALID:
                raise AssertionError(f"the slip's QR code says {checked.verdict.value}")
            return f"receipt rendered ({len(printed.pdf) // 1024} kB), fonts embedded, QR verified"

        checks = [_run("forms", forms_load)]
        checks.append(_run("engine", evaluate) if checks[0].passed else _skipped("engine"))
        checks.append(_run("case file", case_file))
        ready = checks[0].passed and checks[2].passed
        checks.append(_run("slip", slip) if ready else _skipped("slip"))
        database = database_holder.get("db")
        if database is not None:
            database.close()  # type: ignore[attr-defined]
    checks.append(_run("station key", lambda: _station_key(data_dir)))
    return checks


def _skipped(name: str) -> Check:
    return Check(name, False, "not run: an earlier check failed")


def _station_key(data_dir: Path | None) -> str:
    from hukou_desk.storage.seals import STATION_KEY_FILE

    if data_dir is None:
        return "no data folder given"
    path = data_dir / "keys" / STATION_KEY_FILE
    if not path.exists():
        return "this PC's station is not set up yet"
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise AssertionError(f"{path.name} is readable by others ({mode:o})")
    content = path.read_bytes()
    if b"PRIVATE KEY" not in content:
        raise AssertionError(f"{path.name} is not a private key file")
    kind = "encrypted" if b"ENCRYPTED" in content else "plain"
    return f"readable, owner-only, {kind}"
