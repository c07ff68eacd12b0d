"""The centre's side: its database (PostgreSQL, or a case file for testing) and its keys."""

from __future__ import annotations

from pathlib import Path

import orjson
import sqlalchemy as sa

from hukou_desk.domain.text import text
from hukou_desk.storage import migrations
from hukou_desk.storage.database import Database, open_database
from hukou_desk.sync.bundle import BundleRefused

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
        engine = sa.create_engine(target, json_deserializer=orjson.loads)
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
