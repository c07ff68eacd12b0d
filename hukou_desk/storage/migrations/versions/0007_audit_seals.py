"""Audit seals: the station's key over each stretch of the audit chain as it is written.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_seal",
        sa.Column("seq_from", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("seq_to", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("signature", sa.String(96), nullable=False),
        sa.Column("adopted_by", sa.String(64), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("audit_seal")
