"""The centre's side: its database (PostgreSQL, or a case file for testing) and its keys."""

from __future__ import annotations

import os
from pathlib import Path

import sqlalchemy as sa
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from hukou_desk.domain.text import text
from hukou_desk.storage import migrations
from hukou_desk.storage.database import Database, open_database
from hukou_desk.sync.bundle import BundleRefused, x25519_private

KEY_FILE = "centre-x25519.pem"


def open_target(target: str) -> Database:
    """`postgresql+psycopg://…` (migrated to the current schema) or the path of a case file."""
    if not target.strip() or "\0" in target:
        raise BundleRefused(
            text("中心数据库的地址无效。", "That is not an address of the centre's database.")
        )
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


def _write_key(path: Path, key: X25519PrivateKey | Ed25519PrivateKey) -> None:
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    descriptor = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(pem)


def make_centre_key(folder: Path) -> tuple[X25519PrivateKey, Ed25519PrivateKey]:
    """The centre's keys, owner-only: X25519 to open bundles, Ed25519 to sign reference data.
    Refuses to replace existing ones."""
    from hukou_desk.sync.reference import SIGNING_KEY_FILE

    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    for name in (KEY_FILE, SIGNING_KEY_FILE):
        if (folder / name).exists():
            raise BundleRefused(
                text(
                    f"{folder / name} 已存在，不会覆盖。", f"{folder / name} exists; not replaced."
                )
            )
    key, signer = X25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    _write_key(folder / KEY_FILE, key)
    _write_key(folder / SIGNING_KEY_FILE, signer)
    return key, signer


def load_centre_key(path: Path) -> X25519PrivateKey:
    try:
        return x25519_private(path.read_bytes())
    except (OSError, ValueError):
        raise BundleRefused(
            text(f"无法读取中心私钥 {path}。", f"Cannot read the centre's key {path}.")
        ) from None
