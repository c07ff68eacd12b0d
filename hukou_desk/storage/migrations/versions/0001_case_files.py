"""Case files: station, users, persons, cases, roles, document checks, attachments,
decisions, case numbers, the audit chain and the outbox.

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

UTC = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "station",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("code", sa.String(12), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("district", sa.String(6), nullable=False),
        sa.Column("phone", sa.String(), nullable=False),
        sa.Column("address", sa.String(), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
    )
    op.create_table(
        "setting",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.String(), nullable=False),
    )
    op.create_table(
        "user",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("username", sa.String(64), nullable=False, unique=True),
        sa.Column("display_name", sa.String(), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("password_hash", sa.String(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("locked_until", UTC, nullable=True),
        sa.Column("created_at", UTC, nullable=False),
    )
    op.create_table(
        "person",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("id_number", sa.String(18), nullable=False, unique=True),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("former_names", sa.String(), nullable=False),
        sa.Column("sex", sa.String(1), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column("ethnicity", sa.String(2), nullable=False),
        sa.Column("education", sa.String(2), nullable=True),
        sa.Column("marital_status", sa.String(2), nullable=True),
        sa.Column("hukou_address", sa.String(), nullable=False),
        sa.Column("hukou_office", sa.String(), nullable=False),
        sa.Column("current_address", sa.String(), nullable=False),
        sa.Column("phone", sa.String(), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("updated_at", UTC, nullable=False),
    )
    op.create_table(
        "case_file",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("serial", sa.Integer(), nullable=False, unique=True),
        sa.Column("number", sa.String(32), nullable=False, unique=True),
        sa.Column("station_code", sa.String(12), nullable=False),
        sa.Column("pathway_id", sa.String(64), nullable=False),
        sa.Column("pathway_version", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("application_date", sa.Date(), nullable=False),
        sa.Column("district", sa.String(6), nullable=False),
        sa.Column("applicant_id", sa.Uuid(), sa.ForeignKey("person.id"), nullable=False),
        sa.Column("prepared_by", sa.Uuid(), sa.ForeignKey("user.id"), nullable=False),
        sa.Column("facts", sa.JSON(), nullable=False),
        sa.Column("clock_limit", sa.Integer(), nullable=False),
        sa.Column("clock_used", sa.Integer(), nullable=False),
        sa.Column("clock_running_since", sa.Date(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("updated_at", UTC, nullable=False),
    )
    op.create_index("ix_case_file_applicant_id", "case_file", ["applicant_id"])
    op.create_index(
        "ix_case_file_status_received", "case_file", ["status", "application_date", "serial"]
    )
    op.create_index(
        "ix_case_file_pathway_received", "case_file", ["pathway_id", "application_date", "serial"]
    )
    op.create_index(
        "ix_case_file_district_received", "case_file", ["district", "application_date", "serial"]
    )
    op.create_index("ix_case_file_received", "case_file", ["application_date", "serial"])
    op.create_index("ix_case_file_due", "case_file", ["due_on"])
    op.create_table(
        "case_role",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("case_id", sa.Uuid(), sa.ForeignKey("case_file.id"), nullable=False),
        sa.Column("person_id", sa.Uuid(), sa.ForeignKey("person.id"), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("relationship", sa.String(2), nullable=True),
        sa.UniqueConstraint("case_id", "person_id", "role"),
    )
    op.create_index("ix_case_role_person_id", "case_role", ["person_id"])
    op.create_table(
        "document_check",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("case_id", sa.Uuid(), sa.ForeignKey("case_file.id"), nullable=False),
        sa.Column("document_id", sa.String(64), nullable=False),
        sa.Column("party", sa.String(64), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("note", sa.String(), nullable=False),
        sa.Column("checked_by", sa.Uuid(), sa.ForeignKey("user.id"), nullable=True),
        sa.Column("checked_at", UTC, nullable=True),
        sa.UniqueConstraint("case_id", "document_id", "party"),
    )
    op.create_table(
        "attachment",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("media_type", sa.String(64), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
    )
    op.create_table(
        "check_attachment",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("check_id", sa.Uuid(), sa.ForeignKey("document_check.id"), nullable=False),
        sa.Column("sha256", sa.String(64), sa.ForeignKey("attachment.sha256"), nullable=False),
        sa.Column("file_name", sa.String(), nullable=False),
        sa.Column("added_by", sa.Uuid(), sa.ForeignKey("user.id"), nullable=False),
        sa.Column("added_at", UTC, nullable=False),
    )
    op.create_index("ix_check_attachment_check_id", "check_attachment", ["check_id"])
    op.create_table(
        "decision",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("case_id", sa.Uuid(), sa.ForeignKey("case_file.id"), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("result", sa.String(16), nullable=False),
        sa.Column("outcome", sa.JSON(), nullable=False),
        sa.Column("reasons", sa.String(), nullable=False),
        sa.Column("decided_by", sa.Uuid(), sa.ForeignKey("user.id"), nullable=False),
        sa.Column("decided_at", UTC, nullable=False),
    )
    op.create_index("ix_decision_case_id", "decision", ["case_id"])
    op.create_table(
        "case_number_counter",
        sa.Column("station_code", sa.String(12), primary_key=True),
        sa.Column("year", sa.Integer(), primary_key=True),
        sa.Column("last", sa.Integer(), nullable=False),
    )
    op.create_table(
        "audit_event",
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
        sqlite_autoincrement=True,
    )
    op.create_index("ix_audit_event_case_id", "audit_event", ["case_id"])
    op.create_table(
        "change",
        sa.Column("seq", sa.Integer(), primary_key=True),
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("at", UTC, nullable=False),
        sqlite_autoincrement=True,
    )


def downgrade() -> None:
    for table in (
        "change",
        "audit_event",
        "case_number_counter",
        "decision",
        "check_attachment",
        "attachment",
        "document_check",
        "case_role",
        "case_file",
        "person",
        "user",
        "setting",
        "station",
    ):
        op.drop_table(table)
