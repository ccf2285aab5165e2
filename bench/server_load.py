"""Load benchmark of the /api/v1 hot paths, driven by wrk on 127.0.0.1.

    python -m bench.server_load [--db sqlite|postgres|both] [--seconds 5]

Figures (JSON): requests/s and p50/p99 of GET /api/v1/slots/ for a client at 4 connections with
1,000 and 10,000 slots, and of a one-week window at 10,000; at 1,000 slots also of one slot and a
page of 50 (a client) and of a specialist's own week; a reservation storm (30 connections, each
request a different free slot) in successful reservations/s; a contended storm (many clients racing
for the same slots) with the number of slots that got more than one winner (must be 0); and the floor
— GET /readyz (one SELECT 1) — measured in the same run, every figure also as a ratio to it.
The 10,000-slot list and the reservation storm then run again in the same run on a fresh server with
the specialists' booking rules set (buffer 10 minutes, notice 60 minutes: issue #17) on the same
slots (the storm's slots made anew), and ``rules_cost`` gives the throughput ratios, set / off.
PostgreSQL runs with 2 server workers, SQLite with 1.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from urllib.parse import quote

from bench import _seed, _wrk
from bench._server import drop_postgres, fresh_postgres, running_server

WEEK = timedelta(days=7)


def _scenario(name: str, result: _wrk.WrkResult, floor: float, **extra: Any) -> dict[str, Any]:
    data = result.as_dict(floor)
    data.update(extra)
    print(f"  {name}: {result.requests_per_s:.0f}/s p50 {result.p50_ms:.1f} ms "
          f"p99 {result.p99_ms:.1f} ms", file=sys.stderr, flush=True)
    return data


def bench_database(kind: str, seconds: float) -> dict[str, Any]:
    workers = 2 if kind == "postgres" else 1
    tmp = Path(tempfile.mkdtemp(prefix="planner-bench-"))
    db_name = "planner_bench_load"
    url = fresh_postgres(db_name) if kind == "postgres" else f"sqlite:///{tmp / 'bench.sqlite3'}"
    print(f"{kind}: seeding", file=sys.stderr, flush=True)
    specialists, clients = _seed.prepare(url, specialists=50, clients=300)
    client_token = _seed.token(clients[0])
    auth = {"Authorization": f"Bearer {client_token}"}
    list_start = datetime.now(timezone.utc).replace(minute=0, second=0, microsecond=0) + timedelta(days=1)
    # 10,000 slots over ~7 weeks: a one-week window holds about 1,400 of them.
    step = timedelta(minutes=7 * 7 * 24 * 60 / 10_000)
    results: dict[str, Any] = {"database": kind, "server_workers": workers}
    try:
        _seed.add_slots(url, specialists, 1_000, start=list_start, step=step * 10, length=step * 5)
        with running_server(url, tmp / "data", workers=workers) as base:
            wrk_threads = 2
            floor = _wrk.run(base + "/readyz", connections=4, seconds=seconds, threads=wrk_threads)
            results["floor_readyz"] = _scenario("floor GET /readyz", floor, floor.requests_per_s)
            fl = floor.requests_per_s
            results["list_1000"] = _scenario(
                "GET /slots/ 1,000", _wrk.run(base + "/api/v1/slots/", connections=4, seconds=seconds,
                                              headers=auth), fl)
            # what a desktop asks besides the whole list: one slot, a page, a specialist's own week
            one = _seed.slot_ids(url, after=list_start)[10]
            own_week = (f"/api/v1/slots/?specialist={specialists[0]}&from={quote(list_start.isoformat())}"
                        f"&to={quote((list_start + WEEK).isoformat())}")
            specialist_auth = {"Authorization": f"Bearer {_seed.token(specialists[0])}"}
            for key, name, path, headers in (
                    ("one_slot", "GET /slots/{id}/, client", f"/api/v1/slots/{one}/", auth),
                    ("page_of_50", "GET /slots/?limit=50, client", "/api/v1/slots/?limit=50", auth),
                    ("own_week", "GET a specialist's own week", own_week, specialist_auth)):
                results[key] = _scenario(name, _wrk.run(base + path, connections=4, seconds=seconds,
                                                        headers=headers), fl)
        _seed.clear_slots(url)
        _seed.add_slots(url, specialists, 10_000, start=list_start, step=step, length=step)
        week_from = list_start + WEEK
        week = (f"/api/v1/slots/?from={quote(week_from.isoformat())}"
                f"&to={quote((week_from + WEEK).isoformat())}")
        tokens = [_seed.token(c) for c in clients]
        with running_server(url, tmp / "data", workers=workers) as base:
            _wrk.run(base + "/api/v1/slots/", connections=4, seconds=seconds, headers=auth)  # warm-up
            results["list_10000"] = _scenario(
                "GET /slots/ 10,000", _wrk.run(base + "/api/v1/slots/", connections=4, seconds=seconds,
                                               headers=auth), fl)
            week_result = _wrk.run(base + week, connections=4, seconds=seconds, headers=auth)
            results["week_window_10000"] = _scenario("GET one week of 10,000", week_result, fl)
            results["week_window_slots"] = _count_week(url, week_from)
            # Slots for the storms, far in the future and never overlapping one another.
            storm_start = list_start + timedelta(days=400)
            _seed.add_slots(url, specialists, 30_000, start=storm_start, step=timedelta(minutes=15),
                            length=timedelta(minutes=10))
            storm_ids = _seed.slot_ids(url, after=storm_start)
            distinct, contended = storm_ids[:20_000], storm_ids[20_000:]
            storm = _wrk.run(base + "/", connections=30, seconds=seconds, collect_ids=True,
                             script=_wrk.reserve_script(distinct, tokens, per_slot=1,
                                                        threads=wrk_threads))
            results["reservation_storm"] = _scenario(
                "reservation storm", storm, fl, successful_per_s=round(storm.ok / storm.duration_s, 1),
                reserved_in_database=_seed.count_reserved(url, distinct))
            race = _wrk.run(base + "/", connections=30, seconds=seconds, collect_ids=True,
                            script=_wrk.reserve_script(contended, tokens, per_slot=30,
                                                       threads=wrk_threads))
            results["contended_storm"] = _scenario(
                "contended storm", race, fl, slots_with_more_than_one_winner=race.double_winners,
                slots_reserved=_seed.count_reserved(url, contended))
        # the same with the booking rules set, on a fresh server (not digesting the rules' change)
        _seed.delete_slots_after(url, storm_start)
        _seed.set_booking_rules(url, specialists, buffer_before_minutes=10, buffer_after_minutes=10,
                                min_notice_minutes=60)
        with running_server(url, tmp / "data", workers=workers) as base:
            _wrk.run(base + "/api/v1/slots/", connections=4, seconds=seconds, headers=auth)  # warm-up
            ruled_list = _wrk.run(base + "/api/v1/slots/", connections=4, seconds=seconds, headers=auth)
            results["list_10000_rules"] = _scenario("GET /slots/ 10,000, rules set", ruled_list, fl)
            _seed.add_slots(url, specialists, 30_000, start=storm_start, step=timedelta(minutes=15),
                            length=timedelta(minutes=10))
            distinct = _seed.slot_ids(url, after=storm_start)[:20_000]
            ruled = _wrk.run(base + "/", connections=30, seconds=seconds, collect_ids=True,
                             script=_wrk.reserve_script(distinct, tokens, per_slot=1,
                                                        threads=wrk_threads))
            results["reservation_storm_rules"] = _scenario(
                "reservation storm, rules set", ruled, fl,
                successful_per_s=round(ruled.ok / ruled.duration_s, 1),
                reserved_in_database=_seed.count_reserved(url, distinct))
        results["rules_cost"] = {
            "list_10000": round(ruled_list.requests_per_s / results["list_10000"]["requests_per_s"], 3),
            "reservation_storm": round(results["reservation_storm_rules"]["successful_per_s"]
                                       / results["reservation_storm"]["successful_per_s"], 3)}
        print(f"  booking rules set / off (throughput): list of 10,000 "
              f"{results['rules_cost']['list_10000']:.2f}, reservation storm "
              f"{results['rules_cost']['reservation_storm']:.2f}", file=sys.stderr, flush=True)
    finally:
        if kind == "postgres":
            drop_postgres(db_name)
    return results


def _count_week(url: str, start: datetime) -> int:
    from sqlalchemy import func, select

    from planner_server.models import Slot

    engine = _seed.engine_for(url)
    with engine.connect() as conn:
        count = conn.scalar(select(func.count()).select_from(Slot).where(
            Slot.start_time >= start, Slot.start_time < start + WEEK))
    engine.dispose()
    return int(count or 0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--seconds", type=float, default=5.0, help="length of each wrk run")
    args = parser.parse_args()
    _wrk.require_wrk()
    kinds = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    print(json.dumps([bench_database(kind, args.seconds) for kind in kinds], indent=2))


if __name__ == "__main__":
    main()
