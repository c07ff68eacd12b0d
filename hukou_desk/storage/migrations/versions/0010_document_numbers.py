"""Document numbers from a counter per station, kind and year, taken when a paper is issued;
the counters start where the papers already issued left off (their numbers stay as printed).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "document_number_counter",
        sa.Column("station_code", sa.String(12), primary_key=True),
        sa.Column("kind", sa.String(24), primary_key=True),
        sa.Column("year", sa.Integer(), primary_key=True),
        sa.Column("last", sa.Integer(), nullable=False),
    )
    op.execute(
        "INSERT INTO document_number_counter (station_code, kind, year, last) "
        "SELECT station_code, kind, year, max(seq) FROM issued_slip "
        "GROUP BY station_code, kind, year"
    )


def downgrade() -> None:
    op.drop_table("document_number_counter")
