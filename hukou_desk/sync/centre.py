"""The centre's side: its database (PostgreSQL, or a case file for testing) and its keys."""

from __future__ import annotations

import os
from pathlib import Path

import sqlalchemy as sa
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from hukou_desk.domain.text import text
from hukou_desk.storage import migrations
from hukou_desk.storage.database import Database, open_database
from hukou_desk.sync.bundle import BundleRefused, x25519_private

KEY_FILE = "centre-x25519.pem"


def open_target(target: str) -> Database:
    """`postgresql+psycopg://…` (migrated to the current schema) or the path of a case file."""
    if "://" not in target:
        return open_database(Path(target))
    try:
        engine = sa.create_engine(target)
        if migrations.current_revision(engine) != migrations.head():
            migrations.upgrade(engine)
    except (sa.exc.ArgumentError, sa.exc.OperationalError, ModuleNotFoundError) as exc:
        raise BundleRefused(
            text(
                f"无法连接中心数据库：{type(exc).__name__}。",
                f"Cannot reach the centre's database: {type(exc).__name__}.",
            )
        ) from None
    # Files (attachments) of a server database live in a folder given to the import.
    return Database(path=Path.cwd() / "centre.db", engine=engine)


def make_centre_key(folder: Path) -> X25519PrivateKey:
    """The centre's decryption key, owner-only; refuses to replace an existing one."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = folder / KEY_FILE
    if path.exists():
        raise BundleRefused(
            text(f"{path} 已存在，不会覆盖。", f"{path} exists; it is not replaced.")
        )
    key = X25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    descriptor = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(pem)
    return key


def load_centre_key(path: Path) -> X25519PrivateKey:
    try:
        return x25519_private(path.read_bytes())
    except (OSError, ValueError):
        raise BundleRefused(
            text(f"无法读取中心私钥 {path}。", f"Cannot read the centre's key {path}.")
        ) from None
