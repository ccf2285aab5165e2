"""The change log of the sync feed, numbered in commit order.

PostgreSQL: rows are written without a cursor; a deferred constraint trigger runs at COMMIT,
takes the change-log advisory lock, gives each row the next cursor and NOTIFYs the listening
servers. The lock is held from numbering until the commit is visible, so a reader that sees
cursor N already sees every cursor below N: no reader can skip past a change that commits late.
Holding it only during COMMIT (no client round trip inside) keeps the serialised part short.
SQLite serialises writers, so an AFTER INSERT trigger copies the row id into the cursor.

Revision ID: 0002_changes
Revises: 0001
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

from planner_server.db import LOCK_CHANGE_LOG, UTCDateTime

revision = "0002_changes"
down_revision = "0001"
branch_labels = None
depends_on = None

CHANNEL = "planner_changes"  # planner_server.sync.models.NOTIFY_CHANNEL

PG_NUMBER_AND_NOTIFY = f"""
CREATE FUNCTION changes_number_and_notify() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    assigned bigint;
BEGIN
    PERFORM pg_advisory_xact_lock({LOCK_CHANGE_LOG}, 0);
    assigned := nextval('changes_cursor_seq');
    UPDATE changes SET cursor = assigned WHERE id = NEW.id;
    PERFORM pg_notify('{CHANNEL}', assigned || ' ' || NEW.entity || ' ' || NEW.entity_id || ' '
                                    || coalesce(NEW.specialist_id, 0));
    RETURN NULL;
END
$$
"""


def upgrade() -> None:
    op.create_table(
        "changes",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True),
        sa.Column("cursor", sa.BigInteger(), nullable=True),
        sa.Column("entity", sa.String(8), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("follow_up", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("specialist_id", sa.Integer(), nullable=True),
        sa.Column("client_id", sa.Integer(), nullable=True),
        sa.Column("previous_client_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(16), nullable=True),
        sa.Column("listed", sa.Boolean(), nullable=True),
        sa.Column("start_time", UTCDateTime(), nullable=True),
        sa.Column("end_time", UTCDateTime(), nullable=True),
        sa.Column("context", sa.String(255), nullable=True),
        sa.Column("cost_cents", sa.Integer(), nullable=True),
        sa.Column("updated_at", UTCDateTime(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint("entity IN ('slot', 'user')", name="change_entity_known"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_changes_cursor", "changes", ["cursor"], unique=True)
    op.create_table(
        "change_log_state",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("pruned_through", sa.BigInteger(), nullable=False, server_default="0"),
        sa.CheckConstraint("id = 1", name="change_log_state_single_row"),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE SEQUENCE changes_cursor_seq OWNED BY changes.cursor")
        op.execute(PG_NUMBER_AND_NOTIFY)
        op.execute("CREATE CONSTRAINT TRIGGER changes_number_and_notify AFTER INSERT ON changes "
                   "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
                   "EXECUTE FUNCTION changes_number_and_notify()")
    else:
        op.execute("CREATE TRIGGER changes_number AFTER INSERT ON changes FOR EACH ROW "
                   "WHEN NEW.cursor IS NULL BEGIN "
                   "UPDATE changes SET cursor = NEW.id WHERE id = NEW.id; END")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS changes_number_and_notify ON changes")
        op.execute("DROP FUNCTION IF EXISTS changes_number_and_notify()")
    op.drop_table("change_log_state")
    op.drop_table("changes")
