"""Alembic's entry point; the connection comes from `migrations.upgrade`, never from an ini."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import hukou_desk.storage.models  # noqa: F401  (registers the tables)

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only `alembic` run by hand ends here
    raise RuntimeError("run migrations through hukou_desk.storage.migrations.upgrade()")

context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=True,  # SQLite alters tables by copying them
)
with context.begin_transaction():
    context.run_migrations()
