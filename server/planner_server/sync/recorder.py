"""The change log (SPEC §6), write side: database triggers record every change of a slot or a user.

No write path can forget a change: whatever writes ``slots`` or ``users`` (a service, the demo, a
cascade, an administrator's SQL) makes the database write the change row in the same transaction.
A slot's row keeps the columns that decide who sees it and the slot's answer, built from the one
field table (``slots.fields``); ``OLD.client_id`` names the client a slot was taken from. A user's
change re-records the slots that user takes part in that have not ended (follow-ups): they carry the
new name, and a blocked or unblocked specialist's free slots leave or re-enter the clients' feeds.

The triggers are generated from that table, so they are not written in a migration: ``install``
(re)creates them after the migrations, whenever the schema is brought up to date. The cursor and
the wake-up come at commit (migration 0002_changes; 0004_change_data on PostgreSQL).
"""

from __future__ import annotations

import hashlib
from types import SimpleNamespace
from typing import Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Connection,
    Insert,
    Integer,
    Select,
    Table,
    and_,
    case,
    false,
    insert,
    literal,
    literal_column,
    null,
    or_,
    select,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from planner_server.calendars.conditions import busy_overlap
from planner_server.db import LOCK_SCHEDULE, UTCDateTime
from planner_server.slots.booking import BOOKING_CODES, blocking_rule, held_block, in_reach, rules_set
from planner_server.slots.fields import SLOTS, Client, Specialist, slot_object, slot_select
from planner_server.sync.models import Change
from planner_server.users.models import may_act


class _Now(FunctionElement[Any]):
    """The time of the change, as the database stores instants."""

    type = UTCDateTime()
    name = "change_time"
    inherit_cache = True


@compiles(_Now)
def _now_sqlite(element: _Now, compiler: SQLCompiler, **kw: Any) -> str:
    return "(strftime('%Y-%m-%d %H:%M:%f', 'now') || '000')"  # db.UTCDateTime's text, in UTC


@compiles(_Now, "postgresql")
def _now_postgres(element: _Now, compiler: SQLCompiler, **kw: Any) -> str:
    return "now()"


class _Record:
    """A trigger's NEW or OLD row, with the columns of ``table`` (``record.c.name``)."""

    def __init__(self, name: str, table: Table) -> None:
        self.c: Any = SimpleNamespace(**{column.key: literal_column(f"{name}.{column.key}", column.type)
                                         for column in table.columns})


_SLOTS_TABLE: Table = SLOTS  # type: ignore[assignment]
NEW = _Record("NEW", _SLOTS_TABLE)
OLD = _Record("OLD", _SLOTS_TABLE)
_CHANGES: Table = Change.__table__  # type: ignore[assignment]


def _slot_change(slot: Any, *, follow_up: bool, previous: ColumnElement[Any]) -> dict[str, Any]:
    """A slot's change row, column by column, from the slot and its specialist and client."""
    now = _Now()
    c = slot.c
    return {"entity": literal("slot"), "entity_id": c.id, "deleted": literal(False, Boolean),
            "follow_up": literal(follow_up, Boolean), "specialist_id": c.specialist_id,
            "client_id": c.client_id, "previous_client_id": previous,
            "held_for_id": c.held_for_id, "status": c.status,
            # only a free slot held for nobody may be offered: nothing else to look up for the rest
            "listed": case((and_(c.status == "free", c.held_for_id.is_(None)),
                            and_(may_act(Specialist.c), held_block(slot, Specialist).is_(None),
                                 ~busy_overlap(c.specialist_id, c.start_time, c.end_time))),
                           else_=false()),
            "start_time": c.start_time, "end_time": c.end_time,
            "data": slot_object(now, slot), "created_at": now}


def _insert(values: dict[str, Any], rows: Select[Any] | None = None) -> Insert:
    """INSERT INTO changes of ``values`` (column → value), selected from ``rows`` if given."""
    select_values = select(*values.values())
    if rows is not None:
        select_values = rows.with_only_columns(*values.values(), maintain_column_froms=True)
    return insert(_CHANGES).from_select(list(values), select_values)


def _sql(statement: Any, dialect: Dialect) -> str:
    return str(statement.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))


def _statements(dialect: Dialect) -> dict[str, str]:
    """Each change row the triggers write, as SQL: the slot (NEW) written, a slot deleted (OLD),
    a user (NEW) written, and the follow-ups of a user's slots."""
    people = Specialist.outerjoin(Client, Client.c.id == NEW.c.client_id)
    with_people = select(literal(1)).select_from(people).where(Specialist.c.id == NEW.c.specialist_id)
    taken_from = case((OLD.c.client_id.is_distinct_from(NEW.c.client_id), OLD.c.client_id))
    user_id = literal_column("NEW.id", Integer)
    follow_ups = slot_select(literal(1)).where(
        or_(SLOTS.c.specialist_id == user_id, SLOTS.c.client_id == user_id), SLOTS.c.end_time > _Now(),
    ).order_by(SLOTS.c.id)
    neighbours = slot_select(literal(1)).where(
        SLOTS.c.specialist_id == NEW.c.specialist_id, SLOTS.c.status == "free", SLOTS.c.id != NEW.c.id,
        SLOTS.c.start_time > _Now(), in_reach(SLOTS, NEW, Specialist)).order_by(SLOTS.c.id)
    statements = {
        "slot_inserted": _insert(_slot_change(NEW, follow_up=False, previous=null()), with_people),
        "slot_updated": _insert(_slot_change(NEW, follow_up=False, previous=taken_from), with_people),
        "slot_deleted": _insert({"entity": literal("slot"), "entity_id": OLD.c.id,
                                 "deleted": literal(True, Boolean), "follow_up": literal(False, Boolean),
                                 "specialist_id": OLD.c.specialist_id,
                                 "previous_client_id": OLD.c.client_id, "created_at": _Now()}),
        "user_written": _insert({"entity": literal("user"), "entity_id": user_id,
                                 "deleted": literal(False, Boolean), "follow_up": literal(False, Boolean),
                                 "created_at": _Now()}),
        "user_follow_ups": _insert(_slot_change(SLOTS, follow_up=True, previous=null()), follow_ups),
        # a slot taken or freed: the specialist's free slots its buffer or day limit (un)blocks
        "slot_neighbours": _insert(_slot_change(SLOTS, follow_up=True, previous=null()), neighbours),
        "rules_set": select(literal(1)).select_from(Specialist).where(
            Specialist.c.id == NEW.c.specialist_id, rules_set(Specialist)),
        "refusal": select(blocking_rule(NEW, Specialist, NEW.c.updated_at, NEW.c.client_id))
        .select_from(Specialist).where(Specialist.c.id == NEW.c.specialist_id).scalar_subquery(),
    }
    return {name: _sql(statement, dialect) for name, statement in statements.items()}


# A trigger's statements are planned once per connection and kept, but PostgreSQL re-plans a kept
# statement at every call while it guesses that values-specific plans are cheaper; these statements
# look rows up by key whatever the values, and planning them cost more than running them (a
# reservation storm spent 0.9 ms a reservation re-planning the change row; 0.2 ms with this).
GENERIC_PLANS = "SET plan_cache_mode = force_generic_plan"


def _postgres_triggers() -> list[str]:
    sql = _statements(postgresql.dialect())
    return [
        f"""CREATE OR REPLACE FUNCTION record_slot_change() RETURNS trigger LANGUAGE plpgsql
{GENERIC_PLANS} AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        {sql["slot_inserted"]};
    ELSIF TG_OP = 'UPDATE' THEN
        {sql["slot_updated"]};
        IF (OLD.status = 'free') <> (NEW.status = 'free') AND EXISTS ({sql["rules_set"]}) THEN
            {sql["slot_neighbours"]};  -- only a buffer or a day limit makes neighbours change
        END IF;
    ELSE
        {sql["slot_deleted"]};
    END IF;
    RETURN NULL;
END
$$""",
        f"""CREATE OR REPLACE FUNCTION record_user_change() RETURNS trigger LANGUAGE plpgsql
{GENERIC_PLANS} AS $$
BEGIN
    {sql["user_written"]};
    IF TG_OP = 'UPDATE' THEN
        {sql["user_follow_ups"]};
    END IF;
    RETURN NULL;
END
$$""",
        f"""CREATE OR REPLACE FUNCTION check_booking_rules() RETURNS trigger LANGUAGE plpgsql VOLATILE
{GENERIC_PLANS} AS $$
DECLARE
    refusal text;
BEGIN
    IF NOT EXISTS ({sql["rules_set"]}) THEN
        RETURN NEW;
    END IF;
    -- Reservations of one specialist's slots decide one after the other; each query below takes
    -- a fresh snapshot (a volatile function, READ COMMITTED), so it sees the one decided before.
    PERFORM pg_advisory_xact_lock({LOCK_SCHEDULE}, NEW.specialist_id);
    refusal := {sql["refusal"]};
    IF refusal IS NOT NULL THEN
        RAISE EXCEPTION USING MESSAGE = 'booking rule: ' || refusal,
            ERRCODE = 'check_violation', CONSTRAINT = 'booking_' || refusal;
    END IF;
    RETURN NEW;
END
$$""",
        "DROP TRIGGER IF EXISTS check_booking_rules ON slots",
        "CREATE TRIGGER check_booking_rules BEFORE UPDATE OF status ON slots FOR EACH ROW "
        "WHEN (OLD.status = 'free' AND NEW.status = 'agreement') EXECUTE FUNCTION check_booking_rules()",
        "DROP TRIGGER IF EXISTS record_slot_change ON slots",
        "CREATE TRIGGER record_slot_change AFTER INSERT OR UPDATE OR DELETE ON slots "
        "FOR EACH ROW EXECUTE FUNCTION record_slot_change()",
        "DROP TRIGGER IF EXISTS record_user_change ON users",
        "CREATE TRIGGER record_user_change AFTER INSERT OR UPDATE ON users "
        "FOR EACH ROW EXECUTE FUNCTION record_user_change()",
    ]


def _sqlite_triggers() -> list[str]:
    sql = _statements(sqlite.dialect())
    triggers = {
        "record_slot_insert": ("AFTER INSERT ON slots", [sql["slot_inserted"]]),
        "record_slot_update": ("AFTER UPDATE ON slots", [sql["slot_updated"]]),
        "record_slot_delete": ("AFTER DELETE ON slots", [sql["slot_deleted"]]),
        "record_user_insert": ("AFTER INSERT ON users", [sql["user_written"]]),
        "record_user_update": ("AFTER UPDATE ON users", [sql["user_written"], sql["user_follow_ups"]]),
        "record_slot_neighbours": ("AFTER UPDATE OF status ON slots FOR EACH ROW WHEN (OLD.status = "
                                   "'free') <> (NEW.status = 'free')", [sql["slot_neighbours"]]),
        "check_booking_rules": (
            "BEFORE UPDATE OF status ON slots FOR EACH ROW "
            "WHEN OLD.status = 'free' AND NEW.status = 'agreement'",
            ["SELECT CASE " + sql["refusal"] + "".join(
                f" WHEN '{code}' THEN RAISE(ABORT, 'booking_{code}')" for code in BOOKING_CODES)
             + " END"]),
    }
    statements = []
    for name, (when, body) in triggers.items():
        when = when if "FOR EACH ROW" in when else when + " FOR EACH ROW"
        statements.append(f"DROP TRIGGER IF EXISTS {name}")
        statements.append(f"CREATE TRIGGER {name} {when} BEGIN {'; '.join(body)}; END")
    return statements


def trigger_sql(dialect_name: str) -> list[str]:
    """The statements that (re)create the triggers on this kind of database."""
    return _postgres_triggers() if dialect_name == "postgresql" else _sqlite_triggers()


def fingerprint() -> str:
    """Changes whenever the triggers' SQL does (a kept schema stamp can compare it)."""
    text = "\n".join(trigger_sql("postgresql") + trigger_sql("sqlite"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def install(connection: Connection) -> None:
    """(Re)create the triggers, in the connection's transaction."""
    for statement in trigger_sql(connection.dialect.name):
        connection.exec_driver_sql(statement)

