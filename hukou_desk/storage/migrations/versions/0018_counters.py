"""Counters of a station: the counter a case belongs to; counters' identities (440703001-02,
a restored one's trail 440703001-02#1) where a station's code was kept.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

# Columns that now hold a counter's identity.
WIDENED = (
    ("station_audit", "station_code"),
    ("sync_conflict", "station_code"),
    ("case_number_counter", "station_code"),
)


def upgrade() -> None:
    with op.batch_alter_table("case_file") as batch:
        batch.add_column(sa.Column("counter", sa.String(2), nullable=True))
    # On SQLite the tables are copied (small at a station: its number series, and no trail or
    # conflict of the centre's); on PostgreSQL the columns are altered in place.
    for table, column in WIDENED:
        with op.batch_alter_table(table) as batch:
            batch.alter_column(column, type_=sa.String(24), existing_type=sa.String(12))


def downgrade() -> None:
    for table, column in WIDENED:
        with op.batch_alter_table(table) as batch:
            batch.alter_column(column, type_=sa.String(12), existing_type=sa.String(24))
    with op.batch_alter_table("case_file") as batch:
        batch.drop_column("counter")
