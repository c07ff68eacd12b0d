"""A case's people as that case records them: each role row carries the person's details, the
applicant gets a role row of their own, and a clerk's correction of a known person is kept.

Every existing case takes its people's current details (the values its papers printed so far).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05
"""

from __future__ import annotations

import os
import time
import uuid

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_DETAILS = (
    ("name", sa.String(64)),
    ("former_names", sa.String()),
    ("ethnicity", sa.String(2)),
    ("education", sa.String(2)),
    ("marital_status", sa.String(2)),
    ("hukou_address", sa.String()),
    ("hukou_office", sa.String()),
    ("current_address", sa.String()),
    ("phone", sa.String()),
)
_BATCH = 5000


def _new_id() -> uuid.UUID:
    # models.new_id, copied: a migration stays as it was written when the models move on.
    millis = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    value = (millis & 0xFFFF_FFFF_FFFF) << 80 | rand & ((1 << 80) - 1)
    value = value & ~(0xF << 76) | 0x7 << 76
    value = value & ~(0x3 << 62) | 0x2 << 62
    return uuid.UUID(int=value)


def upgrade() -> None:
    for name, kind in _DETAILS:
        op.add_column("case_role", sa.Column(name, kind, nullable=True))
    op.create_table(
        "person_correction",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("person_id", sa.Uuid(), sa.ForeignKey("person.id"), nullable=False),
        sa.Column("before", sa.JSON(), nullable=False),
        sa.Column("after", sa.JSON(), nullable=False),
        sa.Column("reason", sa.String(), nullable=False),
        sa.Column("cases", sa.JSON(), nullable=False),
        sa.Column("kept", sa.JSON(), nullable=False),
        sa.Column("corrected_by", sa.Uuid(), sa.ForeignKey("user.id"), nullable=False),
        sa.Column("corrected_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_person_correction_person_id", "person_correction", ["person_id"])

    bind = op.get_bind()
    names = [name for name, _kind in _DETAILS]
    person = sa.table("person", sa.column("id", sa.Uuid()), *(sa.column(n) for n in names))
    role = sa.table(
        "case_role",
        sa.column("id", sa.Uuid()),
        sa.column("case_id", sa.Uuid()),
        sa.column("person_id", sa.Uuid()),
        sa.column("role", sa.String()),
        sa.column("relationship", sa.String()),
        *(sa.column(n) for n in names),
    )
    case = sa.table("case_file", sa.column("id", sa.Uuid()), sa.column("applicant_id", sa.Uuid()))
    # The people already in a case: their details as they stand (what the papers printed).
    bind.execute(
        role.update().values(
            {
                n: sa.select(person.c[n]).where(person.c.id == role.c.person_id).scalar_subquery()
                for n in names
            }
        )
    )
    # Each case's applicant, now a role row of the case like everyone else.
    rows = bind.execute(
        sa.select(case.c.id, case.c.applicant_id, *(person.c[n] for n in names)).join(
            person, person.c.id == case.c.applicant_id
        )
    )
    while batch := rows.fetchmany(_BATCH):
        bind.execute(
            role.insert(),
            [
                {
                    "id": _new_id(),
                    "case_id": r[0],
                    "person_id": r[1],
                    "role": "applicant",
                    "relationship": None,
                    **dict(zip(names, r[2:], strict=True)),
                }
                for r in batch
            ],
        )


def downgrade() -> None:
    op.execute("DELETE FROM case_role WHERE role = 'applicant'")
    op.drop_index("ix_person_correction_person_id", table_name="person_correction")
    op.drop_table("person_correction")
    with op.batch_alter_table("case_role") as batch:
        for name, _kind in reversed(_DETAILS):
            batch.drop_column(name)
