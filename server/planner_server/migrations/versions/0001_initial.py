"""Users, slots and comments.

Revision ID: 0001
Revises:
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

from planner_server.db import UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("email", sa.String(254), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("first_name", sa.String(150), nullable=False),
        sa.Column("last_name", sa.String(150), nullable=False),
        sa.Column("middle_name", sa.String(150), nullable=False, server_default=""),
        sa.Column("phone", sa.String(32), nullable=True, unique=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("is_staff", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("is_active", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column("is_blocked", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("time_zone", sa.String(64), nullable=False, server_default="UTC"),
        sa.Column("language", sa.String(8), nullable=False, server_default="en"),
        sa.Column("created_at", UTCDateTime(), nullable=False, server_default=sa.func.now()),
        sa.Column("updated_at", UTCDateTime(), nullable=False, server_default=sa.func.now()),
    )
    op.create_index("ix_users_role", "users", ["role"])
    op.create_table(
        "slots",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("specialist_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("client_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="SET NULL"),
                  nullable=True),
        sa.Column("start_time", UTCDateTime(), nullable=False),
        sa.Column("end_time", UTCDateTime(), nullable=False),
        sa.Column("context", sa.String(255), nullable=False, server_default=""),
        sa.Column("cost_cents", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("status", sa.String(16), nullable=False, server_default="free"),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False, server_default="1"),
        sa.CheckConstraint("end_time > start_time", name="slot_ends_after_start"),
        sa.CheckConstraint("cost_cents >= 0", name="slot_cost_not_negative"),
        sa.CheckConstraint("status IN ('free', 'agreement', 'reserved')", name="slot_status_known"),
    )
    op.create_index("ix_slots_specialist_start", "slots", ["specialist_id", "start_time"])
    op.create_index("ix_slots_status_start", "slots", ["status", "start_time"])
    op.create_index("ix_slots_client", "slots", ["client_id"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
        op.execute(
            "ALTER TABLE slots ADD CONSTRAINT slots_no_overlap EXCLUDE USING gist "
            "(specialist_id WITH =, tstzrange(start_time, end_time, '[)') WITH &&)"
        )
        op.execute(
            "ALTER TABLE slots ADD CONSTRAINT slots_client_no_overlap EXCLUDE USING gist "
            "(client_id WITH =, tstzrange(start_time, end_time, '[)') WITH &&) "
            "WHERE (client_id IS NOT NULL AND status IN ('agreement', 'reserved'))"
        )
    op.create_table(
        "comments",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("slot_id", sa.Integer(), sa.ForeignKey("slots.id", ondelete="SET NULL"),
                  nullable=True),
        sa.Column("author_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("client_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="SET NULL"),
                  nullable=True),
        sa.Column("specialist_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("reason", sa.String(32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False, server_default=""),
        sa.Column("outcome", sa.String(32), nullable=False),
        sa.Column("start_time", UTCDateTime(), nullable=False),
        sa.Column("end_time", UTCDateTime(), nullable=False),
        sa.Column("context", sa.String(255), nullable=False, server_default=""),
        sa.Column("cost_cents", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_comments_slot_id", "comments", ["slot_id"])
    op.create_index("ix_comments_client_id", "comments", ["client_id"])
    op.create_index("ix_comments_specialist_id", "comments", ["specialist_id"])


def downgrade() -> None:
    op.drop_table("comments")
    op.drop_table("slots")
    op.drop_table("users")
