"""PostgreSQL: a slot change's notification brings its row (migration 0003_notify_rows), and going
back a migration restores the short notification that every server reads the log after."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import psycopg
from alembic import command

from planner_server import migrate
from planner_server.sync.hub import Notice
from planner_server.sync.models import NOTIFY_CHANNEL
from tests.conftest import PG_ADMIN_URL


def _notice_of_a_new_slot_change(url: str) -> Notice:
    now = datetime.now(UTC)
    with psycopg.connect(url, autocommit=True) as listener, psycopg.connect(url) as writer:
        listener.execute(f"LISTEN {NOTIFY_CHANNEL}")
        specialist = writer.execute(
            "INSERT INTO users (email, password_hash, first_name, last_name, middle_name, role, "
            "is_staff, is_active, is_blocked, time_zone, language, created_at, updated_at) VALUES "
            "(%s, '-', 'Ann', 'Lee', '', 'specialist', false, true, false, 'UTC', 'en', %s, %s) "
            "RETURNING id", (f"{uuid.uuid4().hex}@example.com", now, now)).fetchone()[0]
        writer.execute(
            "INSERT INTO changes (entity, entity_id, deleted, follow_up, specialist_id, status, "
            "listed, start_time, end_time, context, cost_cents, updated_at, version, created_at) "
            "VALUES ('slot', 41, false, false, %s, 'free', true, %s, %s, 'a b', 1250, %s, 1, %s)",
            (specialist, now, now, now, now))
        writer.commit()
        (notification,) = list(listener.notifies(timeout=5, stop_after=1))
    return Notice.parse(notification.payload)


def test_a_slot_notification_brings_its_row_until_the_migration_is_undone(pg_template_url):
    name = f"planner_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    try:
        migrate.upgrade(url)
        notice = _notice_of_a_new_slot_change(url)
        assert notice.entity == "slot" and notice.entity_id == 41 and notice.row is not None
        assert (notice.row.cursor, notice.row.context, notice.row.cost_cents) == (notice.cursor, "a b", 1250)
        assert (notice.row.spec_first, notice.row.spec_last, notice.row.client_first) == ("Ann", "Lee", None)

        command.downgrade(migrate.alembic_config(url), "0002_changes")
        assert _notice_of_a_new_slot_change(url).row is None  # the short notification of 0002
        migrate.upgrade(url)
        assert _notice_of_a_new_slot_change(url).row is not None
    finally:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
