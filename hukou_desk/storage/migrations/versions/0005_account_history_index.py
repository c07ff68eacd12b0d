"""Who set a user's password, found by index: the maker-checker rule asks it at every decision.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_audit_event_action_entity", "audit_event", ["action", "entity_id"])


def downgrade() -> None:
    op.drop_index("ix_audit_event_action_entity", table_name="audit_event")
