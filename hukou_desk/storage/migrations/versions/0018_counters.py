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

# Columns that now hold a counter's identity (SQLite does not enforce their length).
WIDENED = (
    ("station_audit", "station_code"),
    ("sync_conflict", "station_code"),
    ("case_number_counter", "station_code"),
)


def upgrade() -> None:
    with op.batch_alter_table("case_file") as batch:
        batch.add_column(sa.Column("counter", sa.String(2), nullable=True))
    if op.get_bind().dialect.name == "postgresql":
        for table, column in WIDENED:
            op.alter_column(table, column, type_=sa.String(24), existing_type=sa.String(12))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table, column in WIDENED:
            op.alter_column(table, column, type_=sa.String(12), existing_type=sa.String(24))
    with op.batch_alter_table("case_file") as batch:
        batch.drop_column("counter")
