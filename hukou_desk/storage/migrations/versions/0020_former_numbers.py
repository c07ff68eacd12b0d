"""A case's former number: a case numbered before its PC became a counter of its station
(440703001-2026-000017) keeps that number, searchable and resolving the papers issued under
it, when the counter renumbers it into its own series (440703001-01-2026-000017).

Not unique: at the centre two PCs of one station from before counters may have given the same
old number to two different cases (docs/counters.md).

Revision ID: 0020
Revises: 0018
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("case_file") as batch:
        batch.add_column(sa.Column("former_number", sa.String(32), nullable=True))
    op.create_index("ix_case_file_former_number", "case_file", ["former_number"])


def downgrade() -> None:
    op.drop_index("ix_case_file_former_number", table_name="case_file")
    with op.batch_alter_table("case_file") as batch:
        batch.drop_column("former_number")
