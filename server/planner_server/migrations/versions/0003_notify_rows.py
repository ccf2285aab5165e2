"""The change-log notification carries a slot change's row, so listening servers need not read it.

Each server process keeps the newest part of the log in memory and used to read it back after
every notification. A slot change's notification now also carries the row as the feed reads it
(the change with its specialist's and client's names, as a JSON array in the order of
``planner_server.sync.noticed.NoticedRow``): a process appends it to what it keeps without a
query. The row is built before the change-log lock is taken, so the serialised part of a commit
stays as short as it was. Notifications of users, and any row too long for a notification, carry
none: the process reads those as before. Servers that do not know the longer notification treat
it as unreadable and read the log, as after a lost connection.

Revision ID: 0003_notify_rows
Revises: 0002_changes
Create Date: 2026-11-30
"""

from alembic import op

from planner_server.db import LOCK_CHANGE_LOG

revision = "0003_notify_rows"
down_revision = "0002_changes"
branch_labels = None
depends_on = None

CHANNEL = "planner_changes"  # planner_server.sync.models.NOTIFY_CHANNEL
MAX_ROW_BYTES = 7000  # a notification's payload must stay under 8000 bytes

ROW_OF_A_SLOT = f"""
    IF NEW.entity = 'slot' THEN
        SELECT ' ' || json_build_array(NEW.entity, NEW.entity_id, NEW.deleted, NEW.follow_up,
                   NEW.specialist_id, NEW.client_id, NEW.previous_client_id, NEW.status, NEW.listed,
                   NEW.start_time, NEW.end_time, NEW.context, NEW.cost_cents, NEW.updated_at,
                   NEW.version, NEW.created_at, s.first_name, s.last_name, c.first_name,
                   c.last_name)::text
          INTO row_json
          FROM (SELECT 1) AS one
          LEFT JOIN users AS s ON s.id = NEW.specialist_id
          LEFT JOIN users AS c ON c.id = NEW.client_id;
        IF octet_length(row_json) > {MAX_ROW_BYTES} THEN
            row_json := '';
        END IF;
    END IF;"""


def number_and_notify(row: str) -> str:
    """The trigger function; ``row`` fills ``row_json`` (the notification as 0002_changes sent it
    when empty)."""
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


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(number_and_notify(ROW_OF_A_SLOT))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(number_and_notify(""))
