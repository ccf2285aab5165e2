"""A slot's change row keeps the slot's answer as JSON, and its notification carries the row as is.

Change rows copied the slot's columns one by one (context, cost, updated_at, version), and the
notification trigger listed them again, with the names, field by field: every new field of a slot
meant editing both. Now a slot change keeps, beside the columns that decide who sees it, the slot's
answer as the database builds it everywhere else (``planner_server.slots.fields``), and the trigger
sends the row as ``row_to_json`` gives it: a new field of a slot changes neither.

The log written in the old shape cannot be read in the new one, so it is emptied and its horizon
moved to its end: a desktop that followed it takes a fresh snapshot (410), as after pruning.

Revision ID: 0004_change_data
Revises: 0003_notify_rows
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

from planner_server.db import LOCK_CHANGE_LOG, UTCDateTime

revision = "0004_change_data"
down_revision = "0003_notify_rows"
branch_labels = None
depends_on = None

CHANNEL = "planner_changes"  # planner_server.sync.models.NOTIFY_CHANNEL
MAX_ROW_BYTES = 7000  # a notification's payload must stay under 8000 bytes
OLD_COLUMNS = (("context", sa.String(255)), ("cost_cents", sa.Integer()), ("updated_at", UTCDateTime()),
               ("version", sa.Integer()))


def number_and_notify(*, with_row: bool) -> str:
    """The trigger function: numbers the row at commit and NOTIFYs; a slot's row goes along as
    JSON (``with_row``) when it fits."""
    row = f"""
    IF NEW.entity = 'slot' THEN
        row_json := ' ' || row_to_json(NEW)::text;
        IF octet_length(row_json) > {MAX_ROW_BYTES} THEN
            row_json := '';
        END IF;
    END IF;""" if with_row else ""
    return f"""
CREATE OR REPLACE FUNCTION changes_number_and_notify() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    assigned bigint;
    row_json text := '';
BEGIN{row}
    PERFORM pg_advisory_xact_lock({LOCK_CHANGE_LOG}, 0);
    assigned := nextval('changes_cursor_seq');
    UPDATE changes SET cursor = assigned WHERE id = NEW.id;
    PERFORM pg_notify('{CHANNEL}', assigned || ' ' || NEW.entity || ' ' || NEW.entity_id || ' '
                                    || coalesce(NEW.specialist_id, 0) || row_json);
    RETURN NULL;
END
$$
"""


def _empty_the_log() -> None:
    head = "(SELECT coalesce(max(cursor), 0) FROM changes)"
    op.execute(f"UPDATE change_log_state SET pruned_through = {head} "
               f"WHERE id = 1 AND pruned_through < {head}")
    op.execute(f"INSERT INTO change_log_state (id, pruned_through) SELECT 1, {head} "
               "WHERE NOT EXISTS (SELECT 1 FROM change_log_state)")
    op.execute("DELETE FROM changes")


def upgrade() -> None:
    _empty_the_log()
    for name, _ in OLD_COLUMNS:
        op.execute(f"ALTER TABLE changes DROP COLUMN {name}")
    op.add_column("changes", sa.Column("data", sa.Text(), nullable=True))
    if op.get_bind().dialect.name == "postgresql":
        op.execute(number_and_notify(with_row=True))


# The triggers planner_server.sync.recorder installs after the migrations write this shape of row;
# before it, the services wrote the rows themselves.
RECORDER_TRIGGERS = {"postgresql": ("DROP TRIGGER IF EXISTS record_slot_change ON slots",
                                    "DROP TRIGGER IF EXISTS record_user_change ON users",
                                    "DROP FUNCTION IF EXISTS record_slot_change()",
                                    "DROP FUNCTION IF EXISTS record_user_change()"),
                     "sqlite": tuple(f"DROP TRIGGER IF EXISTS record_{name}" for name in (
                         "slot_insert", "slot_update", "slot_delete", "user_insert", "user_update"))}


def downgrade() -> None:
    for statement in RECORDER_TRIGGERS[op.get_bind().dialect.name]:
        op.execute(statement)
    _empty_the_log()
    op.execute("ALTER TABLE changes DROP COLUMN data")
    for name, type_ in OLD_COLUMNS:
        op.add_column("changes", sa.Column(name, type_, nullable=True))
    if op.get_bind().dialect.name == "postgresql":  # servers of 0003 read the rows themselves
        op.execute(number_and_notify(with_row=False))
