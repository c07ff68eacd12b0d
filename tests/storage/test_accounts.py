"""Accounts: argon2id hashes, lockout, disabled users, the first start, all in the audit trail."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from hukou_desk.storage import accounts, audit
from hukou_desk.storage.accounts import LoginRefused, WeakPassword
from hukou_desk.storage.database import open_database
from hukou_desk.storage.models import AuditEvent, User, utc_now


def _user(db, name):
    with db.read() as session:
        return session.exec(select(User).where(User.username == name)).one()


def test_a_password_is_stored_as_an_argon2id_hash_and_logs_in(db):
    with db.write() as session:
        accounts.set_password(
            session, actor="admin", user=session.merge(_user(db, "clerk")), password="Counter-2026"
        )
    assert _user(db, "clerk").password_hash.startswith("$argon2id$")
    assert accounts.login(db, username="clerk", password="Counter-2026").username == "clerk"


@pytest.mark.parametrize("password", ["short1", "onlyletters", "1234567890"])
def test_weak_passwords_are_refused(db, password):
    with pytest.raises(WeakPassword), db.write() as session:
        accounts.set_password(
            session, actor="admin", user=session.merge(_user(db, "clerk")), password=password
        )


def test_five_wrong_passwords_lock_the_account_and_a_reset_unlocks_it(db):
    with db.write() as session:
        accounts.set_password(
            session, actor="admin", user=session.merge(_user(db, "clerk")), password="Counter-2026"
        )
    now = utc_now()
    for _ in range(accounts.MAX_FAILURES):
        with pytest.raises(LoginRefused, match="Wrong user name or password"):
            accounts.login(db, username="clerk", password="guess-123", now=now)
    with pytest.raises(LoginRefused, match="locked"):
        accounts.login(db, username="clerk", password="Counter-2026", now=now)
    later = now + timedelta(minutes=16)
    assert accounts.login(db, username="clerk", password="Counter-2026", now=later)
    assert _user(db, "clerk").failed_logins == 0
    with db.read() as session:
        failed = session.exec(select(AuditEvent).where(AuditEvent.action == "login.failed")).all()
        assert len(failed) == accounts.MAX_FAILURES and audit.verify(session).intact


def test_unknown_users_and_disabled_accounts_are_refused(db):
    with pytest.raises(LoginRefused, match="Wrong user name"):
        accounts.login(db, username="nobody", password="whatever-1")
    with db.write() as session:
        user = session.merge(_user(db, "clerk"))
        accounts.set_password(session, actor="admin", user=user, password="Counter-2026")
        accounts.set_active(session, actor="admin", user=user, active=False)
    with pytest.raises(LoginRefused, match="disabled"):
        accounts.login(db, username="clerk", password="Counter-2026")


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
            password="Admin-2026",
        )
    with database.write() as session:
        accounts.first_start(
            session,
            station_code="440703001",
            station_name="白沙派出所",
            district="440703",
            admin_username="admin",
            admin_name="管理员",
            password="Admin-2026",
        )
    with database.read() as session:
        assert not accounts.needs_first_start(session)
    database.close()


def test_first_start_on_the_demo_file_takes_over_its_passwordless_admin_only(tmp_path):
    from hukou_desk.storage import demo

    database = open_database(tmp_path / "demo.db")
    demo.ensure_demo_station(database)
    details = {
        "station_code": "440703002",
        "station_name": "江门市公安局潮连派出所",
        "district": "440703",
        "admin_name": "站点管理员",
        "password": "Admin-2026",
    }
    with pytest.raises(Exception, match="taken"), database.write() as session:
        accounts.first_start(session, admin_username="liwen", **details)  # a clerk's name
    with database.write() as session:
        admin = accounts.first_start(session, admin_username="admin", **details)
        assert admin.display_name == "站点管理员"
    assert accounts.login(database, username="admin", password="Admin-2026").role == "admin"
    with pytest.raises(Exception, match="taken"), database.write() as session:
        accounts.first_start(session, admin_username="admin", **details)  # has a password now
    database.close()


def test_an_unknown_name_costs_one_password_check_and_is_not_recorded(db, monkeypatch):
    """Equal work whatever the name (no user names read off the timing: one argon2id check
    each way), and a password typed into the name field never lands in the audit trail."""
    with db.write() as session:
        accounts.set_password(
            session, actor="admin", user=session.merge(_user(db, "clerk")), password="Counter-2026"
        )
    checks: list[str] = []
    real = accounts._HASHER

    class Counting:
        def __getattr__(self, name):
            return getattr(real, name)

        def verify(self, hashed, password):
            checks.append(password)
            return real.verify(hashed, password)

    monkeypatch.setattr(accounts, "_HASHER", Counting())
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
