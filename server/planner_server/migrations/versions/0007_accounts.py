"""Accounts (SPEC §9): sessions that end, password reset codes, the audit trail.

- ``users.token_generation``: carried in every token; raising it ends all of a user's sessions.
- ``revoked_tokens``: refresh tokens signed out of, until they expire.
- ``password_resets``: one-time codes, kept only as keyed hashes.
- ``audit``: administrator acts and security events, only ever inserted (pruned after
  AUDIT_KEEP_DAYS).

Revision ID: 0007_accounts
Revises: 0005_login_failures
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

from planner_server.db import UTCDateTime

revision = "0007_accounts"
down_revision = "0006_booking_rules"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("users", sa.Column("token_generation", sa.Integer(), nullable=False,
                                     server_default="0"))
    op.create_table(
        "revoked_tokens",
        sa.Column("jti", sa.String(64), primary_key=True),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_revoked_tokens_expires_at", "revoked_tokens", ["expires_at"])
    op.create_table(
        "password_resets",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("code_hash", sa.String(64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.Column("used_at", UTCDateTime(), nullable=True),
    )
    op.create_index("ix_password_resets_user_id", "password_resets", ["user_id"])
    op.create_index("ix_password_resets_expires_at", "password_resets", ["expires_at"])
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("target_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("details", sa.Text(), nullable=False),
        sa.Column("address", sa.String(64), nullable=True),
    )
    op.create_index("ix_audit_at", "audit", ["at"])
    op.create_index("ix_audit_actor_at", "audit", ["actor_id", "at"])
    op.create_index("ix_audit_target_at", "audit", ["target_id", "at"])


def downgrade() -> None:
    op.drop_table("audit")
    op.drop_table("password_resets")
    op.drop_table("revoked_tokens")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("token_generation")
