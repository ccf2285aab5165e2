"""Fill a benchmark database quickly with users and slots (direct inserts, one password hash)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import create_engine, delete, func, insert, select

from bench._server import SECRET
from planner_server import migrate
from planner_server.auth.passwords import hash_password
from planner_server.auth.tokens import TokenIssuer
from planner_server.db import normalise_url, sqlite_functions_on
from planner_server.models import Slot, User

TOKENS = TokenIssuer(secret=SECRET, access_lifetime=timedelta(hours=2),
                     refresh_lifetime=timedelta(days=1))


def engine_for(url: str):  # type: ignore[no-untyped-def]
    engine = create_engine(normalise_url(url, asynchronous=False))
    if engine.dialect.name == "sqlite":
        sqlite_functions_on(engine)
    return engine


def prepare(url: str, *, specialists: int, clients: int) -> tuple[list[int], list[int]]:
    """Migrate and create users; returns (specialist ids, client ids)."""
    migrate.upgrade(url)
    password = hash_password("bench-password-1")
    now = datetime.now(timezone.utc)
    rows = [{"email": f"{role}{i}@bench.example", "password_hash": password, "first_name": role.title(),
             "last_name": f"No{i}", "middle_name": "", "role": role, "is_staff": False,
             "is_active": True, "is_blocked": False, "time_zone": "UTC", "language": "en",
             "created_at": now, "updated_at": now}
            for role, count in (("specialist", specialists), ("client", clients)) for i in range(count)]
    engine = engine_for(url)
    with engine.begin() as conn:
        conn.execute(insert(User), rows)
        ids = conn.execute(select(User.id, User.role).order_by(User.id)).all()
    engine.dispose()
    return ([i for i, r in ids if r == "specialist"], [i for i, r in ids if r == "client"])


def add_slots(url: str, specialist_ids: list[int], count: int, *, start: datetime,
              step: timedelta, length: timedelta) -> None:
    """`count` free slots, one every `step` from `start`, round-robin over the specialists.

    With step >= length no two slots overlap at all, so any client may reserve any of them.
    """
    now = datetime.now(timezone.utc)
    rows = [{"specialist_id": specialist_ids[i % len(specialist_ids)], "start_time": start + i * step,
             "end_time": start + i * step + length, "context": f"Consultation {i}",
             "cost_cents": 5000 + i % 50 * 100, "status": "free", "created_at": now,
             "updated_at": now, "version": 1}
            for i in range(count)]
    engine = engine_for(url)
    with engine.begin() as conn:
        for chunk in range(0, len(rows), 5000):
            conn.execute(insert(Slot), rows[chunk:chunk + 5000])
        # the statistics a database in use has: without them PostgreSQL may guess that a client's
        # visible slots are a handful and join their clients by a loop (35 ms for a page of 50,
        # 4 ms with them), until its autovacuum happens to analyse the table in the middle of a run
        conn.exec_driver_sql("ANALYZE")
    engine.dispose()


def clear_slots(url: str) -> None:
    engine = engine_for(url)
    with engine.begin() as conn:
        conn.execute(delete(Slot))
    engine.dispose()


def delete_slots_after(url: str, start: datetime) -> None:
    engine = engine_for(url)
    with engine.begin() as conn:
        conn.execute(delete(Slot).where(Slot.start_time >= start))
    engine.dispose()


def slot_ids(url: str, *, after: datetime) -> list[int]:
    engine = engine_for(url)
    with engine.connect() as conn:
        ids = list(conn.scalars(select(Slot.id).where(Slot.start_time >= after).order_by(Slot.id)))
    engine.dispose()
    return ids


def count_reserved(url: str, ids: list[int]) -> int:
    engine = engine_for(url)
    with engine.connect() as conn:
        total = conn.scalar(select(func.count()).select_from(Slot)
                            .where(Slot.id.in_(ids), Slot.status == "agreement"))
    engine.dispose()
    return int(total or 0)


def set_booking_rules(url: str, specialist_ids: list[int], **rules: int) -> None:
    """The specialists' booking rules (issue #17), written straight into their rows."""
    from sqlalchemy import update

    engine = engine_for(url)
    with engine.begin() as conn:
        conn.execute(update(User).where(User.id.in_(specialist_ids)).values(**rules))
    engine.dispose()


def token(user_id: int) -> str:
    return TOKENS.issue(user_id, "access")
