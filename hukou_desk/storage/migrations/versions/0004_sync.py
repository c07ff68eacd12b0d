"""The centre's side of the sync: each station's audit trail, and conflicts kept for review.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

UTC = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "station_audit",
        sa.Column("station_code", sa.String(12), primary_key=True),
        sa.Column("seq", sa.Integer(), primary_key=True),
        sa.Column("at", UTC, nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=True),
        sa.Column("entity", sa.String(32), nullable=False),
        sa.Column("entity_id", sa.String(64), nullable=False),
        sa.Column("before_digest", sa.String(64), nullable=True),
        sa.Column("after_digest", sa.String(64), nullable=True),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    op.create_table(
        "sync_conflict",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("station_code", sa.String(12), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("centre_revision", sa.Integer(), nullable=False),
        sa.Column("incoming_revision", sa.Integer(), nullable=False),
        sa.Column("incoming", sa.JSON(), nullable=False),
        sa.Column("detected_at", UTC, nullable=False),
        sa.Column("resolved", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_sync_conflict_case_id", "sync_conflict", ["case_id"])


def downgrade() -> None:
    op.drop_table("sync_conflict")
    op.drop_table("station_audit")
