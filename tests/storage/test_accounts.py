"""Accounts: argon2id hashes, lockout, disabled users, the first start, all in the audit trail."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlmodel import select

from hukou_desk.storage import accounts, attempts, audit
from hukou_desk.storage.accounts import LoginRefused, WeakPassword
from hukou_desk.storage.database import open_database
from hukou_desk.storage.models import AuditEvent, User, utc_now


def _user(db, name):
    with db.read() as session:
        return session.exec(select(User).where(User.username == name)).one()


def test_a_password_is_stored_as_an_argon2id_hash_and_logs_in(db):
    with db.write() as session:
        accounts.set_password(
            session,
            actor="admin",
            user=session.merge(_user(db, "clerk")),
            password="Baisha-Counter-2026",
        )
    assert _user(db, "clerk").password_hash.startswith("$argon2id$")
    assert accounts.login(db, username="clerk", password="Baisha-Counter-2026").username == "clerk"


@pytest.mark.parametrize(
    "password", ["Admin123", "password1", "password1234", "qwertyuiop12", "Counter-2026"]
)
def test_weak_passwords_are_refused_with_the_reason_in_words(db, password):
    with pytest.raises(WeakPassword) as refused, db.write() as session:
        accounts.set_password(
            session, actor="admin", user=session.merge(_user(db, "clerk")), password=password
        )
    assert refused.value.message.en.startswith("The password is not accepted: ")
    assert refused.value.message.zh.startswith("密码不符合要求：")


def test_the_users_own_names_and_the_stations_count_as_known(db):
    """A password made of what an attacker knows first is judged as such: strong for
    anyone else, refused for the person whose name it is."""
    with db.write() as session:
        other = session.merge(_user(db, "clerk2"))
        accounts.set_password(session, actor="admin", user=other, password="Zhuoyuanxiaoqing-2026")
        user = session.merge(_user(db, "clerk"))
        user.display_name = "Zhuoyuanxiaoqing"
        assert accounts.known_words(user, session) == [
            "clerk",
            "Zhuoyuanxiaoqing",
            "440703001",
            "白沙派出所",
        ]
        with pytest.raises(WeakPassword):
            accounts.set_password(
                session, actor="admin", user=user, password="Zhuoyuanxiaoqing-2026"
            )


def test_five_wrong_passwords_lock_the_account_and_a_reset_unlocks_it(db):
    with db.write() as session:
        accounts.set_password(
            session,
            actor="admin",
            user=session.merge(_user(db, "clerk")),
            password="Baisha-Counter-2026",
        )
    now = utc_now()
    for _ in range(attempts.MAX_FAILURES):
        with pytest.raises(LoginRefused, match="Wrong user name or password"):
            accounts.login(db, username="clerk", password="guess-123", now=now)
    with pytest.raises(LoginRefused, match="locked"):
        accounts.login(db, username="clerk", password="Baisha-Counter-2026", now=now)
    assert accounts.is_locked(db, "clerk")
    later = now + timedelta(minutes=16)
    assert accounts.login(db, username="clerk", password="Baisha-Counter-2026", now=later)
    assert not accounts.is_locked(db, "clerk")
    with db.read() as session:
        failed = session.exec(select(AuditEvent).where(AuditEvent.action == "login.failed")).all()
        assert len(failed) == attempts.MAX_FAILURES and audit.verify(session).intact
    for _ in range(attempts.MAX_FAILURES):
        with pytest.raises(LoginRefused):
            accounts.login(db, username="clerk", password="guess-123")
    accounts.lift_lockout(db, "clerk")  # what a reset by the administrator does
    assert accounts.login(db, username="clerk", password="Baisha-Counter-2026")


@pytest.mark.slow
def test_twenty_wrong_passwords_at_once_are_checked_five_times_the_rest_locked(db):
    """The count is taken before the check, atomically: a burst cannot race past it."""
    with db.write() as session:
        accounts.set_password(
            session,
            actor="admin",
            user=session.merge(_user(db, "clerk")),
            password="Baisha-Counter-2026",
        )
    start = threading.Barrier(20)

    def attempt(_n: int) -> str:
        start.wait()
        try:
            accounts.login(db, username="clerk", password="guess-from-a-list")
        except LoginRefused as exc:
            return "locked" if "locked" in exc.message.en else "wrong"
        return "in"

    with ThreadPoolExecutor(max_workers=20) as pool:
        said = list(pool.map(attempt, range(20)))
    assert said.count("wrong") == attempts.MAX_FAILURES
    assert said.count("locked") == 20 - attempts.MAX_FAILURES
    with pytest.raises(LoginRefused, match="locked"):  # the right password too, for now
        accounts.login(db, username="clerk", password="Baisha-Counter-2026")


def test_unknown_users_and_disabled_accounts_are_refused(db):
    with pytest.raises(LoginRefused, match="Wrong user name"):
        accounts.login(db, username="nobody", password="whatever-1")
    with db.write() as session:
        user = session.merge(_user(db, "clerk"))
        accounts.set_password(session, actor="admin", user=user, password="Baisha-Counter-2026")
        accounts.set_active(session, actor="admin", user=user, active=False)
    with pytest.raises(LoginRefused, match="disabled"):
        accounts.login(db, username="clerk", password="Baisha-Counter-2026")


def test_first_start_asks_for_the_station_and_the_admins_own_password(tmp_path):
    database = open_database(tmp_path / "new.db")
    with database.read() as session:
        assert accounts.needs_first_start(session)
    with pytest.raises(Exception, match="6 to 12 digits"), database.write() as session:
        accounts.first_start(
            session,
            station_code="abc",
            station_name="白沙派出所",
            district="440703",
            admin_username="admin",
            admin_name="管理员",
            password="Admin-Lychee-2026",
        )
    with database.write() as session:
        accounts.first_start(
            session,
            station_code="440703001",
            station_name="白沙派出所",
            district="440703",
            admin_username="admin",
            admin_name="管理员",
            password="Admin-Lychee-2026",
        )
    with database.read() as session:
        assert not accounts.needs_first_start(session)
    database.close()


def test_first_start_on_the_demo_file_takes_over_its_passwordless_admin_only(tmp_path):
    from hukou_desk import demo

    database = open_database(tmp_path / "demo.db")
    demo.ensure_demo_station(database)
    details = {
        "station_code": "440703002",
        "station_name": "江门市公安局潮连派出所",
        "district": "440703",
        "admin_name": "站点管理员",
        "password": "Admin-Lychee-2026",
    }
    with pytest.raises(Exception, match="taken"), database.write() as session:
        accounts.first_start(session, admin_username="liwen", **details)  # a clerk's name
    with database.write() as session:
        admin = accounts.first_start(session, admin_username="admin", **details)
        assert admin.display_name == "站点管理员"
    assert accounts.login(database, username="admin", password="Admin-Lychee-2026").role == "admin"
    with pytest.raises(Exception, match="taken"), database.write() as session:
        accounts.first_start(session, admin_username="admin", **details)  # has a password now
    database.close()


def test_an_unknown_name_costs_one_password_check_and_is_not_recorded(db, monkeypatch):
    """Equal work whatever the name (no user names read off the timing: one argon2id check
    each way), and a password typed into the name field never lands in the audit trail."""
    with db.write() as session:
        accounts.set_password(
            session,
            actor="admin",
            user=session.merge(_user(db, "clerk")),
            password="Baisha-Counter-2026",
        )
    checks: list[str] = []
    real = accounts._hasher()

    class Counting:
        def __getattr__(self, name):
            return getattr(real, name)

        def verify(self, hashed, password):
            checks.append(password)
            return real.verify(hashed, password)

    monkeypatch.setattr(accounts, "_hasher", Counting)
    for username in ("clerk", "Secret-pass-9", "clerk"):
        with pytest.raises(LoginRefused, match="Wrong user name or password"):
            accounts.login(db, username=username, password="guess-123")
    assert len(checks) == 3
    with db.read() as session:
        actors = [
            e.actor
            for e in session.exec(
                select(AuditEvent)
                .where(AuditEvent.action == "login.failed")
                .order_by(AuditEvent.seq)
            )
        ]
    assert actors == ["clerk", "(unknown)", "clerk"]
    assert not any("Secret" in str(e) for e in actors)
