"""Alembic, driven from code: the app upgrades a case file itself, no alembic.ini needed.

`make_revision` (developers only) writes a new file into versions/.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

_HERE = Path(__file__).resolve().parent


def config(connection: sa.Connection | None = None) -> Config:
    # Alembic is imported when a migration runs, not at every start (it costs 0.1 s).
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(_HERE))
    cfg.attributes["connection"] = connection
    return cfg


def scripts() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(config())


def _revisions() -> list[str]:
    """The revisions in order: each file in versions/ is named for its revision (0001_...),
    and each revises the one before it (a test checks this against alembic's own graph)."""
    return sorted(p.name.split("_", 1)[0] for p in (_HERE / "versions").glob("[0-9]*_*.py"))


def head() -> str:
    return _revisions()[-1]


def is_known(revision: str) -> bool:
    return revision in _revisions()


def current_revision(engine: sa.Engine) -> str | None:
    with engine.connect() as connection:
        if not sa.inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: sa.Engine, revision: str = "head") -> None:
    """Upgrade in one write transaction: a failed migration leaves the file as it was."""
    from alembic import command

    with engine.execution_options(writing=True).begin() as connection:
        command.upgrade(config(connection), revision)


def downgrade(engine: sa.Engine, revision: str) -> None:
    """Back to `revision` (rolling back a release), in one write transaction."""
    from alembic import command

    with engine.execution_options(writing=True).begin() as connection:
        command.downgrade(config(connection), revision)
