"""The specialist's own calendar and the private feeds (SPEC §10).

Calendar accounts (the app password encrypted), the calendars that count as busy with their sync
tokens, the objects last fetched, the busy intervals, the consultations written back, and the feed
tokens. On PostgreSQL, ``calendar_busy`` is the reservation's busy check: it takes the
specialist's busy-times lock (shared) and reads with a snapshot of its own, so a reservation that
waited for a sync to commit sees what that sync wrote (slots/service.py, calendars/service.py).

Revision ID: 0010_calendars
Revises: 0009_moves
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

from planner_server.db import LOCK_BUSY_TIMES, UTCDateTime

revision = "0010_calendars"
down_revision = "0009_moves"
branch_labels = None
depends_on = None

BUSY_FUNCTION = f"""
CREATE OR REPLACE FUNCTION calendar_busy(specialist integer, starts timestamptz, ends timestamptz)
RETURNS boolean LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM pg_advisory_xact_lock_shared({LOCK_BUSY_TIMES}, specialist);
    RETURN EXISTS (SELECT 1 FROM busy_times b WHERE b.specialist_id = specialist
                   AND b.start_time < ends AND b.end_time > starts);
END
$$
"""


def _user(**kwargs: object) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"),
                     nullable=False, **kwargs)


def upgrade() -> None:
    op.create_table(
        "calendar_accounts",
        _user(primary_key=True),
        sa.Column("url", sa.String(1000), nullable=False),
        sa.Column("username", sa.String(255), nullable=False),
        sa.Column("password_encrypted", sa.Text(), nullable=False),
        sa.Column("target_href", sa.String(1000), nullable=True),
        sa.Column("state", sa.String(16), nullable=False, server_default="pending"),
        sa.Column("last_error", sa.Text(), nullable=False, server_default=""),
        sa.Column("unreachable_since", UTCDateTime(), nullable=True),
        sa.Column("last_sync_at", UTCDateTime(), nullable=True),
        sa.Column("next_sync_at", UTCDateTime(), nullable=True),
        sa.Column("sync_attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("expanded_from", UTCDateTime(), nullable=True),
        sa.Column("write_error", sa.Text(), nullable=False, server_default=""),
        sa.Column("write_attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("next_write_at", UTCDateTime(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "calendar_collections",
        _user(primary_key=True),
        sa.Column("href", sa.String(1000), primary_key=True),
        sa.Column("name", sa.String(255), nullable=False, server_default=""),
        sa.Column("events", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column("busy", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("sync_token", sa.Text(), nullable=True),
    )
    op.create_table(
        "calendar_objects",
        _user(primary_key=True),
        sa.Column("href", sa.String(1000), primary_key=True),
        sa.Column("collection", sa.String(1000), nullable=False),
        sa.Column("etag", sa.String(255), nullable=False, server_default=""),
        sa.Column("data", sa.Text(), nullable=False, server_default=""),
    )
    op.create_table(
        "busy_times",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("specialist_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("start_time", UTCDateTime(), nullable=False),
        sa.Column("end_time", UTCDateTime(), nullable=False),
        sa.Column("source", sa.String(1000), nullable=False),
        sa.Column("title", sa.String(255), nullable=False, server_default=""),
    )
    op.create_index("ix_busy_times_specialist_start", "busy_times", ["specialist_id", "start_time"])
    op.create_index("ix_busy_times_source", "busy_times", ["specialist_id", "source"])
    op.create_table(
        "calendar_written",
        sa.Column("slot_id", sa.Integer(), primary_key=True),
        sa.Column("specialist_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("href", sa.String(1000), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
    )
    op.create_index("ix_calendar_written_specialist_id", "calendar_written", ["specialist_id"])
    op.create_table(
        "feed_tokens",
        _user(primary_key=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("token_encrypted", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(BUSY_FUNCTION)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS calendar_busy(integer, timestamptz, timestamptz)")
    for table in ("feed_tokens", "calendar_written", "busy_times", "calendar_objects",
                  "calendar_collections", "calendar_accounts"):
        op.drop_table(table)
