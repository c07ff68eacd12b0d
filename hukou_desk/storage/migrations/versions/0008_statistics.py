"""Statistics: one narrow row per case, per person moved and per failed criterion of a
refusal, clustered by date on SQLite; filled here from the cases already recorded.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_CLUSTERED = {"sqlite_with_rowid": False}


def upgrade() -> None:
    op.create_table(
        "stats_case",
        sa.Column("received", sa.Date(), primary_key=True),
        sa.Column("case_id", sa.Uuid(), primary_key=True),
        sa.Column("received_month", sa.Integer(), nullable=False),
        sa.Column("station_code", sa.String(12), nullable=False),
        sa.Column("district", sa.String(6), nullable=False),
        sa.Column("pathway_id", sa.String(64), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("outcome", sa.String(10), nullable=False),
        sa.Column("decided", sa.Date(), nullable=True),
        sa.Column("decided_month", sa.Integer(), nullable=True),
        sa.Column("clock_used", sa.Integer(), nullable=False),
        sa.Column("clock_limit", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        **_CLUSTERED,
    )
    op.create_index("ix_stats_case_case", "stats_case", ["case_id"], unique=True)
    op.create_index(
        "ix_stats_case_decided",
        "stats_case",
        ["decided", "pathway_id", "district", "station_code", "outcome", "clock_used",
         "clock_limit"],
    )  # fmt: skip
    op.create_index(
        "ix_stats_case_open",
        "stats_case",
        ["outcome", "received", "pathway_id", "district", "station_code", "status", "due_on"],
    )
    op.create_table(
        "stats_person",
        sa.Column("moved", sa.Date(), primary_key=True),
        sa.Column("case_id", sa.Uuid(), primary_key=True),
        sa.Column("person_id", sa.Uuid(), primary_key=True),
        sa.Column("moved_month", sa.Integer(), nullable=False),
        sa.Column("station_code", sa.String(12), nullable=False),
        sa.Column("district", sa.String(6), nullable=False),
        sa.Column("pathway_id", sa.String(64), nullable=False),
        sa.Column("role", sa.String(10), nullable=False),
        sa.Column("origin", sa.String(6), nullable=False),
        sa.Column("sex", sa.String(1), nullable=False),
        sa.Column("age_band", sa.Integer(), nullable=False),
        sa.Column("education", sa.String(2), nullable=False),
        **_CLUSTERED,
    )
    op.create_index("ix_stats_person_case", "stats_person", ["case_id"])
    op.create_index("ix_stats_person_person", "stats_person", ["person_id"])
    op.create_table("stats_repeat", sa.Column("person_id", sa.Uuid(), primary_key=True))
    op.create_table(
        "stats_mover",
        sa.Column("person_id", sa.Uuid(), primary_key=True),
        sa.Column("moves", sa.Integer(), nullable=False),
    )
    op.create_table(
        "stats_refusal",
        sa.Column("decided", sa.Date(), primary_key=True),
        sa.Column("case_id", sa.Uuid(), primary_key=True),
        sa.Column("criterion_id", sa.String(64), primary_key=True),
        sa.Column("clause", sa.String(32), nullable=False),
        sa.Column("station_code", sa.String(12), nullable=False),
        sa.Column("district", sa.String(6), nullable=False),
        sa.Column("pathway_id", sa.String(64), nullable=False),
        **_CLUSTERED,
    )
    op.create_index("ix_stats_refusal_case", "stats_refusal", ["case_id"])

    def keys() -> list[sa.Column[Any]]:
        return [
            sa.Column("month", sa.Integer(), primary_key=True, autoincrement=False),
            sa.Column("station_code", sa.String(12), primary_key=True),
            sa.Column("district", sa.String(6), primary_key=True),
            sa.Column("pathway_id", sa.String(64), primary_key=True),
        ]

    op.create_table(
        "stats_case_month",
        *keys(),
        sa.Column("outcome", sa.String(10), primary_key=True),
        sa.Column("cases", sa.Integer(), nullable=False),
    )
    op.create_table(
        "stats_decided_month",
        *keys(),
        sa.Column("clock_used", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("clock_limit", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("cases", sa.Integer(), nullable=False),
    )
    op.create_table(
        "stats_person_month",
        *keys(),
        sa.Column("dimension", sa.String(10), primary_key=True),
        sa.Column("value", sa.String(10), primary_key=True),
        sa.Column("moves", sa.Integer(), nullable=False),
    )
    from hukou_desk.storage import stats

    stats.rebuild(op.get_bind(), keys=False)  # the key sums come with 0011, which refills


def downgrade() -> None:
    for table in (
        "stats_person_month",
        "stats_decided_month",
        "stats_case_month",
        "stats_refusal",
        "stats_mover",
        "stats_repeat",
        "stats_person",
        "stats_case",
    ):
        op.drop_table(table)
