"""A signing key for every person, their signature on the audit events of their acts, and the
versions of every recorded row (`storage.ledger`).

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

UTC = sa.DateTime(timezone=True)
_SIGNED = ("audit_event", "station_audit")


def upgrade() -> None:
    op.create_table(
        "person_key",
        sa.Column("id", sa.String(16), primary_key=True),
        sa.Column("user_id", sa.Uuid(), sa.ForeignKey("user.id"), nullable=False),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("public_key", sa.String(64), nullable=False),
        sa.Column("salt", sa.String(32), nullable=False),
        sa.Column("nonce", sa.String(32), nullable=False),
        sa.Column("wrapped", sa.String(128), nullable=False),
        sa.Column("time_cost", sa.Integer(), nullable=False),
        sa.Column("memory_cost", sa.Integer(), nullable=False),
        sa.Column("parallelism", sa.Integer(), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("retired_at", UTC, nullable=True),
        sa.Column("enrolment", sa.Text(), nullable=True),
    )
    op.create_index("ix_person_key_user_id", "person_key", ["user_id"])
    op.create_table(
        "row_version",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("table_name", sa.String(32), nullable=False),
        sa.Column("row_key", sa.String(128), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("digest", sa.String(64), nullable=True),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_row_version_row", "row_version", ["table_name", "row_key", "seq"])
    op.create_index("ix_row_version_seq", "row_version", ["seq"])
    for table in _SIGNED:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("signer", sa.String(16), nullable=True))
            batch.add_column(sa.Column("signature", sa.String(96), nullable=True))
            batch.add_column(sa.Column("signed_rows", sa.Integer(), nullable=True))
            batch.add_column(sa.Column("rows_digest", sa.String(64), nullable=True))


def downgrade() -> None:
    for table in _SIGNED:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("rows_digest")
            batch.drop_column("signed_rows")
            batch.drop_column("signature")
            batch.drop_column("signer")
    op.drop_table("row_version")
    op.drop_table("person_key")
