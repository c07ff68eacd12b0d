"""Alembic, driven from code: the app upgrades a case file itself, no alembic.ini needed.

`make_revision` (developers only) writes a new file into versions/.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

_HERE = Path(__file__).resolve().parent


def config(connection: sa.Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(_HERE))
    cfg.attributes["connection"] = connection
    return cfg


def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(config())


def head() -> str:
    revision = _scripts().get_current_head()
    assert revision is not None
    return revision


def is_known(revision: str) -> bool:
    return revision in {script.revision for script in _scripts().walk_revisions()}


def current_revision(engine: sa.Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: sa.Engine, revision: str = "head") -> None:
    """Upgrade in one write transaction: a failed migration leaves the file as it was."""
    with engine.execution_options(writing=True).begin() as connection:
        command.upgrade(config(connection), revision)
