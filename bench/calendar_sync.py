"""A specialist's CalDAV calendar of 2,000 events (a quarter of them recurring) against Radicale on
loopback: the first sync, and an incremental sync after one event changed.

    python -m bench.calendar_sync [--events 2000] [--database sqlite|postgres]

Each sync is timed end to end as the server runs it (``calendars.service.sync_account``): the
sync-collection REPORT, the calendar-multiget of what changed, the recurrence expansion over the
kept window (a day ago to 400 days ahead) and the write of objects and busy intervals in one
transaction. Filling the calendar is not timed. Figures in seconds, JSON on stdout.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import caldav
from sqlalchemy import func, insert, select

from bench._radicale import RadicaleServer
from bench._server import SECRET, drop_postgres, fresh_postgres
from planner_server import migrate
from planner_server.calendars import service
from planner_server.calendars.crypto import SecretBox
from planner_server.calendars.models import BusyTime
from planner_server.db import Database
from planner_server.users.models import User
from planner_shared.calendars import CalendarConnect

USER, PASSWORD = "bench", "bench-password-1"


def _event(n: int, start: datetime, *, recurring: bool, summary: str = "") -> str:
    stamp = lambda moment: moment.strftime("%Y%m%dT%H%M%SZ")  # noqa: E731
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//bench//EN", "BEGIN:VEVENT", f"UID:bench-{n}",
             "DTSTAMP:20260101T000000Z", f"DTSTART:{stamp(start)}",
             f"DTEND:{stamp(start + timedelta(minutes=45))}", f"SUMMARY:{summary or f'Event {n}'}"]
    if recurring:
        lines += [["RRULE:FREQ=WEEKLY;COUNT=20", "RRULE:FREQ=DAILY;INTERVAL=3;COUNT=30",
                   "RRULE:FREQ=MONTHLY;COUNT=12"][n % 3],
                  f"EXDATE:{stamp(start + timedelta(days=7 if n % 3 == 0 else 3 if n % 3 == 1 else 0))}"
                  if n % 3 != 2 else "TRANSP:OPAQUE"]
    lines += ["END:VEVENT", "END:VCALENDAR", ""]
    return "\r\n".join(lines)


def _fill(server: RadicaleServer, count: int, now: datetime) -> Any:
    client = caldav.DAVClient(url=server.url, username=USER, password=PASSWORD)
    calendar = client.principal().make_calendar(name="Work", cal_id="work")
    base = now.replace(minute=0, second=0, microsecond=0) + timedelta(days=1)

    def put(n: int) -> None:
        start = base + timedelta(hours=(n * 7) % (24 * 300))
        data = _event(n, start, recurring=n % 4 == 0)
        client.put(str(calendar.url.join(f"bench-{n}.ics")), data,
                   {"Content-Type": 'text/calendar; charset="utf-8"'})

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(put, range(count)))
    return client, calendar, base


async def _run(url: str, server: RadicaleServer, count: int) -> dict[str, Any]:
    now = datetime.now(timezone.utc)
    client, calendar, base = await asyncio.to_thread(_fill, server, count, now)
    db = Database(url, pool_size=2)
    box = SecretBox(SECRET, "calendar-secrets")
    try:
        async with db.session() as session:
            user_id = (await session.execute(insert(User).values(
                email="bench-specialist@bench.example", password_hash="x", first_name="Bench",
                last_name="Specialist", middle_name="", role="specialist", is_staff=False, is_active=True,
                is_blocked=False, time_zone="Europe/Berlin", language="en", created_at=now,
                updated_at=now).returning(User.id))).scalar_one()
        await service.connect(db=db, box=box, user_id=user_id, data=CalendarConnect(
            url=server.url, username=USER, password=PASSWORD))  # discovery, not timed
        started = time.perf_counter()
        first = await service.sync_account(db=db, box=box, user_id=user_id)
        first_seconds = time.perf_counter() - started
        assert first.ok, first.error
        async with db.session(write=False) as session:
            intervals = await session.scalar(select(func.count()).select_from(BusyTime))
        await asyncio.to_thread(client.put, str(calendar.url.join("bench-1.ics")),
                                _event(1, base + timedelta(hours=3), recurring=False, summary="Moved"),
                                {"Content-Type": 'text/calendar; charset="utf-8"'})
        started = time.perf_counter()
        second = await service.sync_account(db=db, box=box, user_id=user_id)
        incremental_seconds = time.perf_counter() - started
        assert second.ok and second.changed == 1, (second.ok, second.changed, second.error)
        return {"events": count, "recurring": (count + 3) // 4, "busy_intervals": intervals,
                "first_sync_s": round(first_seconds, 3), "first_sync_objects": first.changed,
                "incremental_sync_s": round(incremental_seconds, 3),
                "incremental_sync_objects": second.changed}
    finally:
        await db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        server = RadicaleServer(Path(folder) / "radicale", {USER: PASSWORD})
        server.start()
        name = "bench_calendar_sync"
        url = fresh_postgres(name) if args.database == "postgres" else f"sqlite:///{folder}/bench.sqlite3"
        try:
            migrate.upgrade(url)
            result = asyncio.run(_run(url, server, args.events))
        finally:
            server.stop()
            if args.database == "postgres":
                drop_postgres(name)
    result["database"] = args.database
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
