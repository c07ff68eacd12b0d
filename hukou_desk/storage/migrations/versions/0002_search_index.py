"""Search at scale: a full-text index of applicants' names and counts per status.

On SQLite: an FTS5 table whose row id is the case's serial. Each name is indexed as its
characters, one token each, and as its pinyin initials (one token, with prefix indexes); a
query becomes a phrase of characters, so one-, two- and three-character substrings all use the
index (FTS5's trigram tokenizer would find
nothing under three characters). Counts per status are kept by triggers. The index of the cases
already in the file is built here. PostgreSQL (the centre) has no use for either.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "status_count",
        sa.Column("status", sa.String(20), primary_key=True),
        sa.Column("cases", sa.Integer(), nullable=False),
    )
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    op.execute(
        "CREATE VIRTUAL TABLE case_search USING fts5("
        'names, initials, tokenize = "unicode61 remove_diacritics 0")'
    )
    op.execute(
        "CREATE TRIGGER status_count_insert AFTER INSERT ON case_file BEGIN "
        "INSERT INTO status_count (status, cases) VALUES (new.status, 1) "
        "ON CONFLICT (status) DO UPDATE SET cases = cases + 1; END"
    )
    op.execute(
        "CREATE TRIGGER status_count_delete AFTER DELETE ON case_file BEGIN "
        "UPDATE status_count SET cases = cases - 1 WHERE status = old.status; END"
    )
    op.execute(
        "CREATE TRIGGER status_count_update AFTER UPDATE OF status ON case_file "
        "WHEN new.status <> old.status BEGIN "
        "UPDATE status_count SET cases = cases - 1 WHERE status = old.status; "
        "INSERT INTO status_count (status, cases) VALUES (new.status, 1) "
        "ON CONFLICT (status) DO UPDATE SET cases = cases + 1; END"
    )
    op.execute(
        "INSERT INTO status_count (status, cases) SELECT status, count(*) FROM case_file "
        "GROUP BY status"
    )
    # Index the cases already recorded (the tokens are made in Python: pinyin needs it).
    from hukou_desk.storage.search import name_tokens

    rows = bind.exec_driver_sql(
        "SELECT c.serial, p.name, p.former_names FROM case_file c "
        "JOIN person p ON p.id = c.applicant_id"
    ).fetchall()
    entries = [(serial, *name_tokens(name, former)) for serial, name, former in rows]
    if entries:
        bind.exec_driver_sql(
            "INSERT INTO case_search (rowid, names, initials) VALUES (?, ?, ?)", entries
        )


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for trigger in ("status_count_insert", "status_count_delete", "status_count_update"):
            op.execute(f"DROP TRIGGER {trigger}")
        op.execute("DROP TABLE case_search")
    op.drop_table("status_count")
