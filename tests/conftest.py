"""Shared fixtures. The GUI tests run offscreen, with settings and data in temporary folders."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import MappingProxyType

import pytest

# Before any QApplication exists: keep QSettings and the data folder out of the user's home.
_SANDBOX = Path(tempfile.mkdtemp(prefix="hukou-desk-tests-"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["XDG_CONFIG_HOME"] = str(_SANDBOX / "config")
os.environ["XDG_DATA_HOME"] = str(_SANDBOX / "share")  # where the desk shares its font
os.environ["HUKOU_DESK_HOME"] = str(_SANDBOX / "data")

from hukou_desk.domain.loader import load_policy  # noqa: E402
from hukou_desk.domain.policy import Policy  # noqa: E402
from hukou_desk.paths import forms_dir  # noqa: E402
from hukou_desk.storage import keyring  # noqa: E402

# argon2id at its smallest (hashes and keyring slots record the cost they were made at).
CHEAP_COST = {"time_cost": 1, "memory_cost": 8, "parallelism": 1}


@pytest.fixture(scope="session", autouse=True)
def cheap_passwords() -> Iterator[None]:
    """In-process tests sign in hundreds of times: argon2id at its smallest cost for them;
    subprocess tests keep the real cost unless they set it themselves."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(keyring, "COST", MappingProxyType(CHEAP_COST))
        yield


ROOT = Path(__file__).resolve().parent.parent

# A new case file is made by running every migration (alembic, 18 revisions: 0.3-0.7 s), and
# most tests start on one. The first new plain file of the session is migrated for real into a
# template; every later new plain file brought to "head" is that template copied in, page for
# page, by SQLite's backup API (milliseconds). Only that one path is shortened: an older file,
# another revision, an encrypted file (SQLCipher cannot back up between keys), PostgreSQL and
# every process the tests start keep the real migrations, and a test marked `real_migrations`
# (the migrations' own tests) does too.
_real_migrations = False


@pytest.fixture(scope="session", autouse=True)
def migrated_once(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    from hukou_desk.storage import driver, migrations

    real_upgrade = migrations.upgrade
    template: list[Path] = []

    def upgrade(engine, revision: str = "head") -> None:
        if (
            _real_migrations
            or revision != "head"
            or engine.url.get_backend_name() != "sqlite"
            or migrations.current_revision(engine) is not None
        ):
            real_upgrade(engine, revision)
            return
        raw = engine.raw_connection()
        try:
            if raw.execute("PRAGMA cipher_status").fetchone() not in (None, ("0",), (0,)):
                real_upgrade(engine, revision)  # keyed: the backup API cannot cross keys
                return
            if not template:
                real_upgrade(engine, revision)
                template.append(tmp_path_factory.mktemp("migrated") / "template.db")
                with driver.connect(template[0]) as made:
                    raw.driver_connection.backup(made)
                made.close()
                return
            source = driver.connect(template[0])
            try:
                source.backup(raw.driver_connection)
            finally:
                source.close()
        finally:
            raw.close()

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(migrations, "upgrade", upgrade)
        yield


@pytest.fixture(autouse=True)
def _migrations_as_marked(request: pytest.FixtureRequest) -> Iterator[None]:
    global _real_migrations
    _real_migrations = request.node.get_closest_marker("real_migrations") is not None
    try:
        yield
    finally:
        _real_migrations = False


@pytest.fixture(scope="session")
def policy() -> Policy:
    return load_policy(forms_dir())


@pytest.fixture
def china_clock(monkeypatch):
    """Set the desk's one clock to a moment in Beijing, from which it runs on:
    `china_clock(datetime(2026, 9, 1, 10, 0))` (a test that counts working days must not
    depend on the real day and the calendar's installed years)."""
    from datetime import UTC, datetime

    from hukou_desk.domain import clock

    def set_to(beijing: datetime) -> None:
        offset = beijing.replace(tzinfo=clock.CHINA) - datetime.now(UTC)
        monkeypatch.setattr(clock, "now_source", lambda: datetime.now(UTC) + offset)

    return set_to


def _pg_bin(name: str) -> str | None:
    import shutil

    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    return str(candidates[-1]) if candidates else None


@pytest.fixture(scope="session")
def postgres_url():
    """A real PostgreSQL server for the session, started with initdb and pg_ctl on a temporary
    folder (as the `postgres` user when the tests run as root); skipped where none is installed."""
    import os
    import subprocess

    pytest.importorskip("psycopg")
    initdb, pg_ctl = _pg_bin("initdb"), _pg_bin("pg_ctl")
    if initdb is None or pg_ctl is None:
        pytest.skip("PostgreSQL is not installed (initdb, pg_ctl)")
    # Not under pytest's folder: the server runs as another user, who must reach it.
    base = Path(tempfile.mkdtemp(prefix="hukou-pg-"))
    data, sockets = base / "data", base / "run"
    sockets.mkdir()
    prefix: list[str] = []
    if os.geteuid() == 0:
        import pwd

        user = pwd.getpwnam("postgres")
        for path in (base, sockets):
            os.chown(path, user.pw_uid, user.pw_gid)
        prefix = ["runuser", "-u", "postgres", "--"]
    port = str(54000 + os.getpid() % 1000)

    def run(*args: str) -> None:
        subprocess.run([*prefix, *args], check=True, capture_output=True, timeout=120)

    run(initdb, "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync")
    options = f"-p {port} -k {sockets} -c listen_addresses='' -c fsync=off"
    run(pg_ctl, "-D", str(data), "-o", options, "-w", "-l", str(base / "log"), "start")
    try:
        yield f"postgresql+psycopg://postgres@/postgres?host={sockets}&port={port}"
    finally:
        subprocess.run(
            [*prefix, pg_ctl, "-D", str(data), "-m", "immediate", "stop"],
            check=False,
            capture_output=True,
        )


@pytest.fixture
def fresh_postgres(postgres_url):
    """The session's server with an empty public schema."""
    import sqlalchemy as sa

    engine = sa.create_engine(postgres_url)
    with engine.begin() as connection:
        connection.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    engine.dispose()
    return postgres_url


# A test that needs the PostgreSQL server is slow whatever file it is in: the server is started
# for the session (initdb and pg_ctl, seconds), so the fast subset (`-m "not slow"`) never
# starts one. A test asks for it by fixture, or by the parameter "postgresql" with which this
# suite runs a centre on both databases (the fixture then taken with getfixturevalue).
_SERVERS = frozenset({"postgres_url", "fresh_postgres"})


def _needs_postgres(item: pytest.Item) -> bool:
    callspec = getattr(item, "callspec", None)
    parameters = callspec.params.values() if callspec is not None else ()
    return bool(_SERVERS & set(getattr(item, "fixturenames", ()))) or "postgresql" in parameters


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if _needs_postgres(item):
            item.add_marker(pytest.mark.slow)


# The fast subset stays fast: a test outside `slow` whose call took this long or more is named
# at the end of the run (mark it slow, or make it quicker). A loaded machine names more.
UNMARKED_SLOW_SECONDS = 1.5
_unmarked_slow: list[tuple[str, float]] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if (
        report.when == "call"
        and report.duration >= UNMARKED_SLOW_SECONDS
        and "slow" not in report.keywords
    ):
        _unmarked_slow.append((report.nodeid, report.duration))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _unmarked_slow:
        terminalreporter.write_sep("-", f"not marked slow, {UNMARKED_SLOW_SECONDS} s or more")
        for nodeid, seconds in sorted(_unmarked_slow, key=lambda found: -found[1]):
            terminalreporter.write_line(f"{seconds:5.1f} s  {nodeid}")
