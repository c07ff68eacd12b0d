"""Statistics: each monthly sum carries the sum of its records' keys (the cell key by which
the published figures are rounded); the sums recomputed from the cases already recorded.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

TABLES = ("stats_case_month", "stats_decided_month", "stats_person_month")


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("keys", sa.BigInteger(), nullable=False, server_default="0"))
    from hukou_desk.storage import stats

    stats.rebuild(op.get_bind())


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("keys")
