"""PostgreSQL: a slot change's notification brings its row (migration 0004_change_data: the row as
the change-log trigger wrote it, with the slot's answer), and going back to 0002 restores the short
notification that every server reads the log after."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta

import psycopg
from alembic import command

from planner_server import migrate
from planner_server.sync.hub import Notice
from planner_server.sync.models import NOTIFY_CHANNEL
from tests.conftest import PG_ADMIN_URL


def _notice_of(url: str, *statements: str) -> Notice:
    """The notification of the first change row the statements make (a specialist, then a slot:
    the specialist's own change comes first)."""
    now = datetime.now(UTC)
    with psycopg.connect(url, autocommit=True) as listener, psycopg.connect(url) as writer:
        listener.execute(f"LISTEN {NOTIFY_CHANNEL}")
        specialist = writer.execute(
            "INSERT INTO users (email, password_hash, first_name, last_name, middle_name, role, "
            "is_staff, is_active, is_blocked, time_zone, language, created_at, updated_at) VALUES "
            "(%s, '-', 'Ann', 'Lee', '', 'specialist', false, true, false, 'UTC', 'en', %s, %s) "
            "RETURNING id", (f"{uuid.uuid4().hex}@example.com", now, now)).fetchone()[0]
        for statement in statements:
            writer.execute(statement, {"specialist": specialist, "at": now + timedelta(days=1),
                                       "until": now + timedelta(days=1, hours=1), "now": now})
        writer.commit()
        slot_notices = [Notice.parse(n.payload) for n in listener.notifies(timeout=5, stop_after=3)]
    return next(notice for notice in slot_notices if notice.entity == "slot")


NEW_SLOT = ("INSERT INTO slots (specialist_id, start_time, end_time, context, cost_cents, status, "
            "created_at, updated_at, version) VALUES (%(specialist)s, %(at)s, %(until)s, 'a b', 1250, "
            "'free', %(now)s, %(now)s, 1)")
OLD_CHANGE_ROW = ("INSERT INTO changes (entity, entity_id, deleted, follow_up, specialist_id, status, "
                  "listed, start_time, end_time, context, cost_cents, updated_at, version, created_at) "
                  "VALUES ('slot', 41, false, false, %(specialist)s, 'free', true, %(at)s, %(until)s, "
                  "'a b', 1250, %(now)s, 1, %(now)s)")


def test_a_slot_notification_brings_its_row_until_the_migration_is_undone(pg_template_url):
    name = f"planner_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    try:
        migrate.upgrade(url)
        notice = _notice_of(url, NEW_SLOT)  # the slot's trigger writes the change row
        assert notice.entity == "slot" and notice.row is not None and notice.row.cursor == notice.cursor
        answer = json.loads(notice.row.data)
        assert answer["id"] == notice.entity_id and answer["specialist_name"] == "Ann Lee"
        assert (answer["context"], answer["cost"], answer["client_name"]) == ("a b", "12.50", None)

        command.downgrade(migrate.alembic_config(url), "0002_changes")
        assert _notice_of(url, OLD_CHANGE_ROW).row is None  # the short notification of 0002
        migrate.upgrade(url)
        assert _notice_of(url, NEW_SLOT).row is not None
    finally:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
