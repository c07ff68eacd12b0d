"""Identity cards read at the counter: one row per read kept with its case (kind, validity,
standing, the sealed photo's digest).

Revision ID: 0014
Revises: 0010
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "card_read",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("case_id", sa.Uuid(), sa.ForeignKey("case_file.id"), nullable=False),
        sa.Column("party", sa.String(24), nullable=False),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("standing", sa.String(16), nullable=False),
        sa.Column("photo_sha256", sa.String(64), sa.ForeignKey("attachment.sha256"), nullable=True),
        sa.Column("read_by", sa.Uuid(), sa.ForeignKey("user.id"), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_card_read_case_id", "card_read", ["case_id"])


def downgrade() -> None:
    op.drop_index("ix_card_read_case_id", "card_read")
    op.drop_table("card_read")
