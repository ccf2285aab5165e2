"""The email outbox.

Revision ID: 0002_outbox
Revises: 0001
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

from planner_server.db import UTCDateTime

revision = "0002_outbox"
down_revision = "0001"
branch_labels = None
depends_on = None

UNSENT = sa.text("status <> 'sent'")
SENT = sa.text("sent_at IS NOT NULL")
DEDUPED = sa.text("dedupe_key IS NOT NULL")


def upgrade() -> None:
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("slot_id", sa.Integer(), nullable=True),
        sa.Column("recipient_id", sa.Integer(), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False, server_default="pending"),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("next_attempt_at", UTCDateTime(), nullable=False),
        sa.Column("claim_token", sa.String(40), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("recipients", sa.Text(), nullable=True),
        sa.Column("subject", sa.Text(), nullable=True),
        sa.Column("dedupe_key", sa.String(80), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("sent_at", UTCDateTime(), nullable=True),
        sa.CheckConstraint("status IN ('pending', 'sent', 'failed')", name="outbox_status_known"),
    )
    op.create_index("ix_outbox_unsent", "outbox", ["status", "next_attempt_at"],
                    postgresql_where=UNSENT, sqlite_where=UNSENT)
    op.create_index("ix_outbox_sent_at", "outbox", ["sent_at"],
                    postgresql_where=SENT, sqlite_where=SENT)
    op.create_index("uq_outbox_dedupe_key", "outbox", ["dedupe_key"], unique=True,
                    postgresql_where=DEDUPED, sqlite_where=DEDUPED)


def downgrade() -> None:
    op.drop_table("outbox")
