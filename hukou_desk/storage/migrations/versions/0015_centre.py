"""The centre owns nothing by accident: a person row names the station whose copy it is, and
on PostgreSQL (the centre) case serials come from a sequence, never the largest plus one.

At a station every person is its own (the column stays empty); at the centre each person row
is filled with the station whose case brought it first.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

SERIALS = "centre_case_serial"  # importing.CASE_SERIALS, copied: a migration stays as written


def upgrade() -> None:
    with op.batch_alter_table("person") as batch:
        batch.add_column(sa.Column("station_code", sa.String(12), nullable=True))
    bind = op.get_bind()
    # Where cases of more than one station share a person (the centre), each person row is
    # the copy of the station whose case brought it first.
    op.execute(
        "UPDATE person SET station_code = (SELECT c.station_code FROM case_role AS r "
        "JOIN case_file AS c ON c.id = r.case_id WHERE r.person_id = person.id "
        "ORDER BY c.serial LIMIT 1) "
        "WHERE EXISTS (SELECT 1 FROM case_role AS r JOIN case_file AS c ON c.id = r.case_id "
        "WHERE r.person_id = person.id "
        "AND NOT EXISTS (SELECT 1 FROM station AS s WHERE s.code = c.station_code))"
    )
    if bind.dialect.name == "postgresql":
        op.execute(f"CREATE SEQUENCE IF NOT EXISTS {SERIALS}")
        op.execute(
            f"SELECT setval('{SERIALS}', (SELECT coalesce(max(serial), 0) + 1 FROM case_file), "
            "false)"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP SEQUENCE IF EXISTS {SERIALS}")
    with op.batch_alter_table("person") as batch:
        batch.drop_column("station_code")
