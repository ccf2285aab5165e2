"""Failed sign-ins are counted in the database, so the limits hold across server processes.

Each process used to count them in its own memory: behind a load balancer or with several workers,
an account took as many wrong passwords as there were processes times the limit.

Revision ID: 0005_login_failures
Revises: 0004_change_data
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

from planner_server.db import UTCDateTime

revision = "0005_login_failures"
down_revision = "0004_change_data"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_login_failures_key_at", "login_failures", ["key", "at"])
    op.create_index("ix_login_failures_at", "login_failures", ["at"])


def downgrade() -> None:
    op.drop_table("login_failures")
