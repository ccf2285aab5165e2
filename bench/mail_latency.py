"""Does email delivery slow the reservation path down? (issue 3)

    python -m bench.mail_latency [--seconds 5] [--rounds 3] [--connections 30] [--no-instant]

Real `planner-server run` processes (2 workers) on PostgreSQL at 127.0.0.1, driven by wrk with a
reservation storm (each request reserves a different free slot, so every request writes its
outbox row). Scenarios, alternated round by round on the same database:

- ``smtp_off``: the baseline; rows are written but no sender runs (PLANNER_RUN_MAIL_WORKER=false);
- ``smtp_2s``: the in-server sender delivers to an SMTP server (aiosmtpd in this process) that
  takes 2 seconds to accept each message;
- ``smtp_instant`` (informative): the same, with an SMTP server that accepts at once, so the
  sender works flat out through the backlog during the storm.

Prints JSON: per scenario the reservations/s and p50/p99 latency (the median of the rounds), and
the ratios against ``smtp_off`` measured in the same run (p50 and p99 of ``smtp_2s`` must stay at
or below 1.2), plus what the SMTP servers accepted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller

from bench import _seed, _wrk
from bench._server import drop_postgres, free_port, fresh_postgres, running_server

DB_NAME = "planner_bench_mail"
SLOTS_PER_RUN = 8_000
WRK_THREADS = 2


class SlowSmtp:
    """Accepts every message after ``delay`` seconds, and counts them."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self.accepted = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        await asyncio.sleep(self.delay)
        self.accepted += 1
        return "250 2.0.0 accepted"


@contextmanager
def smtp_server(delay: float) -> Iterator[tuple[int, SlowSmtp]]:
    handler = SlowSmtp(delay)
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, handler
    finally:
        controller.stop()


def _mail_env(scenario: str, port: int) -> dict[str, str]:
    if scenario == "smtp_off":
        return {"PLANNER_RUN_MAIL_WORKER": "false", "EMAIL_BACKEND": "smtp", "EMAIL_HOST": "127.0.0.1",
                "EMAIL_PORT": str(port)}
    return {"PLANNER_RUN_MAIL_WORKER": "true", "EMAIL_BACKEND": "smtp", "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(port), "EMAIL_TIMEOUT": "10", "MAIL_POLL_SECONDS": "0.5"}


def _storm(url: str, base: str, specialists: list[int], tokens: list[str], start: datetime,
           *, seconds: float, connections: int) -> _wrk.WrkResult:
    _seed.add_slots(url, specialists, SLOTS_PER_RUN, start=start, step=timedelta(minutes=15),
                    length=timedelta(minutes=10))
    ids = _seed.slot_ids(url, after=start)[:SLOTS_PER_RUN]
    script = _wrk.reserve_script(ids, tokens, per_slot=1, threads=WRK_THREADS)
    return _wrk.run(base + "/", connections=connections, seconds=seconds, threads=WRK_THREADS,
                    script=script, collect_ids=False)


def _outbox_counts(url: str) -> dict[str, int]:
    from sqlalchemy import func, select

    from planner_server.models import OutboxMessage

    engine = _seed.engine_for(url)
    with engine.connect() as conn:
        rows = conn.execute(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status))
        counts = {status: int(count) for status, count in rows}
    engine.dispose()
    return counts


def _summary(runs: list[_wrk.WrkResult]) -> dict[str, Any]:
    return {"reservations_per_s": round(statistics.median(r.ok / r.duration_s for r in runs), 1),
            "requests_per_s": round(statistics.median(r.requests_per_s for r in runs), 1),
            "p50_ms": round(statistics.median(r.p50_ms for r in runs), 3),
            "p99_ms": round(statistics.median(r.p99_ms for r in runs), 3),
            "failed": sum(r.failed for r in runs),
            "rounds": [{"p50_ms": round(r.p50_ms, 3), "p99_ms": round(r.p99_ms, 3),
                        "requests_per_s": round(r.requests_per_s, 1)} for r in runs]}


def run(*, seconds: float, rounds: int, connections: int, instant: bool) -> dict[str, Any]:
    _wrk.require_wrk()
    tmp = Path(tempfile.mkdtemp(prefix="planner-bench-mail-"))
    url = fresh_postgres(DB_NAME)
    scenarios = ["smtp_off", "smtp_2s", *(["smtp_instant"] if instant else [])]
    runs: dict[str, list[_wrk.WrkResult]] = {name: [] for name in scenarios}
    accepted: dict[str, int] = {}
    try:
        specialists, clients = _seed.prepare(url, specialists=50, clients=300)
        tokens = [_seed.token(c) for c in clients]
        start = datetime.now(timezone.utc).replace(minute=0, second=0, microsecond=0) + timedelta(days=30)
        with smtp_server(2.0) as (slow_port, slow), smtp_server(0.0) as (fast_port, fast):
            ports = {"smtp_off": slow_port, "smtp_2s": slow_port, "smtp_instant": fast_port}
            for round_no in range(rounds):
                for name in scenarios:
                    env = _mail_env(name, ports[name])
                    with running_server(url, tmp / "data", workers=2, **env) as base:
                        result = _storm(url, base, specialists, tokens, start, seconds=seconds,
                                        connections=connections)
                    start += timedelta(minutes=15) * (SLOTS_PER_RUN + 4)
                    runs[name].append(result)
                    print(f"round {round_no + 1} {name}: {result.requests_per_s:.0f}/s "
                          f"p50 {result.p50_ms:.2f} ms p99 {result.p99_ms:.2f} ms", file=sys.stderr,
                          flush=True)
            accepted = {"slow_smtp_2s": slow.accepted, "instant_smtp": fast.accepted}
        outbox = _outbox_counts(url)
    finally:
        drop_postgres(DB_NAME)
    summary = {name: _summary(results) for name, results in runs.items()}
    baseline = summary["smtp_off"]
    for name in scenarios[1:]:
        summary[name]["p50_ratio_to_smtp_off"] = round(summary[name]["p50_ms"] / baseline["p50_ms"], 3)
        summary[name]["p99_ratio_to_smtp_off"] = round(summary[name]["p99_ms"] / baseline["p99_ms"], 3)
        summary[name]["throughput_ratio_to_smtp_off"] = round(
            summary[name]["reservations_per_s"] / baseline["reservations_per_s"], 3)
    ratio_ok = max(summary["smtp_2s"]["p50_ratio_to_smtp_off"],
                   summary["smtp_2s"]["p99_ratio_to_smtp_off"]) <= 1.2
    return {"database": "postgresql", "server_workers": 2, "connections": connections,
            "seconds_per_run": seconds, "rounds": rounds, "scenarios": summary,
            "smtp_accepted": accepted, "outbox_after": outbox,
            "smtp_2s_within_1_2": ratio_ok}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--seconds", type=float, default=5.0, help="length of each wrk run")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds of the scenarios")
    parser.add_argument("--connections", type=int, default=30, help="concurrent wrk connections")
    parser.add_argument("--no-instant", dest="instant", action="store_false",
                        help="skip the informative instant-SMTP scenario")
    args = parser.parse_args()
    print(json.dumps(run(seconds=args.seconds, rounds=args.rounds, connections=args.connections,
                         instant=args.instant), indent=2))


if __name__ == "__main__":
    main()
