"""A specialist's booking rules (issue #17): buffers, minimum notice, horizon and limits.

Six whole numbers on the user's row, 0 = off, where the reservation's check reads them with the
specialist (one primary-key lookup). The checks themselves are triggers generated from the code
(``planner_server.slots.booking``, installed with the change log's by ``migrate.install_triggers``).

Revision ID: 0006_booking_rules
Revises: 0004_change_data
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_booking_rules"
down_revision = "0005_login_failures"
branch_labels = None
depends_on = None

COLUMNS = ("buffer_before_minutes", "buffer_after_minutes", "min_notice_minutes", "horizon_days",
           "max_per_day", "max_pending_per_client")


def upgrade() -> None:
    for name in COLUMNS:
        op.add_column("users", sa.Column(name, sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        for name in COLUMNS:
            batch.drop_column(name)
