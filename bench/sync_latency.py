"""Live-sync latency: how soon a write reaches 50 long-polling desktops, idle and under a storm.

    python -m bench.sync_latency [--db sqlite|postgres|both] [--probes 30] [--storm-seconds 8]
                                 [--mail in-server|worker]

50 clients hold `GET /api/v1/sync/?since=…&wait=25` long-polls (on PostgreSQL half on each of two
`planner-server run` processes; on SQLite all on the one process). A specialist adds a free slot
(the probe) through the first process; for every subscriber the figure is the time from the
write's response to that subscriber's page holding the slot (p50/p95/max over all subscribers
and probes), also counted from the write's request. The baseline is a `GET /api/v1/users/me/`
round trip measured in the same run and the same conditions; each p95 is also given as a ratio to
the baseline's p95. Both phases: idle, and while wrk drives a reservation storm (every request a
different free slot, other clients) at both processes — the subscribers see each of those
reservations too (a free slot disappears), as a real client would. Every reservation also
sends an email (file backend): by the servers themselves, or with `--mail worker` by one separate
niced `planner-server worker`, as the team deployment runs it.

The subscribers use a minimal keep-alive HTTP/1.1 client on asyncio streams (uvloop), so that the
measuring process adds as little as possible to what it measures. Everything runs on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import orjson

from bench import _seed, _wrk
from bench._server import drop_postgres, fresh_postgres, mail_worker, running_server

SUBSCRIBERS = 50
STORM_CONNECTIONS_PER_PROCESS = 8  # closed loop: each as fast as it is answered
TARGETS_MS = {"idle_p95": 20.0, "storm_p95": 50.0}  # PostgreSQL across two processes


class Connection:
    """One keep-alive HTTP/1.1 connection; requests in turn, Content-Length bodies."""

    def __init__(self, base: str) -> None:
        parts = urlsplit(base)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def request(self, method: str, path: str, token: str, body: Any = None) -> tuple[int, Any]:
        try:
            return await self._exchange(method, path, token, body)
        except (asyncio.IncompleteReadError, ConnectionError):  # the server closed an idle one
            await self.close()
            return await self._exchange(method, path, token, body)

    async def _exchange(self, method: str, path: str, token: str, body: Any) -> tuple[int, Any]:
        if self._writer is None:
            self._reader, self._writer = await asyncio.open_connection(self.host, self.port)
        assert self._reader is not None
        payload = orjson.dumps(body) if body is not None else b""
        head = (f"{method} {path} HTTP/1.1\r\nHost: {self.host}\r\nAuthorization: Bearer {token}\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(payload)}\r\n\r\n")
        self._writer.write(head.encode() + payload)
        status_line, _, headers = (await self._reader.readuntil(b"\r\n\r\n")).partition(b"\r\n")
        length = 0
        for line in headers.split(b"\r\n"):
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        data = await self._reader.readexactly(length) if length else b""
        return int(status_line.split()[1]), orjson.loads(data) if data else None

    async def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._reader = self._writer = None


@dataclass
class Probe:
    sent: float
    answered: float = 0.0
    arrivals: list[float] = field(default_factory=list)


@dataclass
class Run:
    probes: dict[str, Probe] = field(default_factory=dict)
    stop_tag: str = "stop"


async def subscribe(base: str, token: str, run: Run, ready: asyncio.Event, counter: list[int]) -> None:
    connection = Connection(base)
    status, snapshot = await connection.request("GET", "/api/v1/sync/", token)  # as a desktop starts
    assert status == 200, snapshot
    cursor = snapshot["cursor"]
    counter[0] += 1
    if counter[0] == SUBSCRIBERS:
        ready.set()
    try:
        while True:
            status, page = await connection.request(
                "GET", f"/api/v1/sync/?since={cursor}&wait=25&limit=1000", token)
            now = time.perf_counter()
            assert status == 200, page
            for change in page["changes"]:
                data = change["data"]
                if change["entity"] != "slot" or data is None:
                    continue
                tag = data["context"]
                if tag == run.stop_tag:
                    return
                probe = run.probes.get(tag)
                if probe is not None and change["op"] == "upsert":
                    probe.arrivals.append(now)
            cursor = page["cursor"]
    finally:
        await connection.close()


def _slot(start: datetime, tag: str) -> dict[str, Any]:
    return {"start_time": start.isoformat(), "end_time": (start + timedelta(minutes=30)).isoformat(),
            "context": tag, "cost": "10.00"}


class Writer:
    """The probing specialist and the baseline round trips, on one keep-alive connection."""

    def __init__(self, base: str, token: str) -> None:
        self.connection = Connection(base)
        self.token = token
        self.slot_start = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(days=3)
        self.count = 0

    async def probe(self, run: Run, tag: str) -> Probe:
        self.count += 1
        start = self.slot_start + timedelta(hours=self.count)
        probe = run.probes[tag] = Probe(sent=time.perf_counter())
        status, body = await self.connection.request("POST", "/api/v1/slots/", self.token,
                                                     _slot(start, tag))
        probe.answered = time.perf_counter()
        assert status == 201, body
        return probe

    async def round_trip(self) -> float:
        started = time.perf_counter()
        status, body = await self.connection.request("GET", "/api/v1/users/me/", self.token)
        assert status == 200, body
        return time.perf_counter() - started


def _ms(values: list[float]) -> dict[str, float]:
    if not values:
        return {}
    ordered = sorted(values)

    def pick(q: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000, 2)

    return {"p50": round(statistics.median(ordered) * 1000, 2), "p95": pick(0.95), "max": pick(1.0),
            "n": len(ordered)}


async def probe_phase(writer: Writer, run: Run, *, prefix: str, until: float, count: int) -> dict[str, Any]:
    delivery, from_request, baseline, last, missed = [], [], [], [], 0
    n = 0
    while n < count and time.monotonic() < until:
        tag = f"{prefix}-{n}"
        probe = await writer.probe(run, tag)
        deadline = time.monotonic() + 3
        while len(probe.arrivals) < SUBSCRIBERS and time.monotonic() < deadline:
            await asyncio.sleep(0.002)
        missed += SUBSCRIBERS - len(probe.arrivals)
        delivery += [arrival - probe.answered for arrival in probe.arrivals]
        from_request += [arrival - probe.sent for arrival in probe.arrivals]
        if probe.arrivals:
            last.append(max(probe.arrivals) - probe.answered)
        for _ in range(3):
            baseline.append(await writer.round_trip())
        await asyncio.sleep(random.uniform(0.02, 0.06))
        n += 1
    result = {"probes": n, "missed_deliveries": missed, "delivery_after_response_ms": _ms(delivery),
              "delivery_after_request_ms": _ms(from_request),
              "last_subscriber_per_probe_ms": _ms(last), "baseline_users_me_ms": _ms(baseline)}
    if delivery and baseline:
        result["p95_ratio_to_baseline_p95"] = round(
            result["delivery_after_response_ms"]["p95"] / result["baseline_users_me_ms"]["p95"], 2)
    return result


def _storm(base: str, ids: list[int], tokens: list[str], seconds: float,
           connections: int) -> _wrk.WrkResult:
    script = _wrk.reserve_script(ids, tokens, per_slot=1, threads=1)
    return _wrk.run(base + "/", connections=connections, seconds=seconds, threads=1, script=script,
                    collect_ids=False)


async def measure(bases: list[str], *, specialist: str, subscribers: list[str], storm_ids: list[int],
                  storm_tokens: list[str], probes: int, storm_seconds: float,
                  storm_connections: int) -> dict[str, Any]:
    run, ready, counter = Run(), asyncio.Event(), [0]
    tasks = [asyncio.create_task(subscribe(bases[n % len(bases)], token, run, ready, counter))
             for n, token in enumerate(subscribers)]
    await asyncio.wait_for(ready.wait(), 30)
    await asyncio.sleep(1.0)  # every subscriber is now holding its long-poll
    writer = Writer(bases[0], specialist)
    results: dict[str, Any] = {}
    results["idle"] = await probe_phase(writer, run, prefix="idle", until=time.monotonic() + 60,
                                        count=probes)
    print(f"  idle: {results['idle']['delivery_after_response_ms']}", file=sys.stderr, flush=True)

    share = len(storm_ids) // len(bases)
    storms = [asyncio.create_task(asyncio.to_thread(
        _storm, base, storm_ids[n * share:(n + 1) * share], storm_tokens, storm_seconds,
        storm_connections))
        for n, base in enumerate(bases)]
    await asyncio.sleep(1.0)  # let the storm build up
    results["storm"] = await probe_phase(writer, run, prefix="storm",
                                         until=time.monotonic() + storm_seconds - 1.5, count=10**6)
    storm_results = await asyncio.gather(*storms)
    results["storm"]["reservations_per_s"] = round(
        sum(s.ok for s in storm_results) / max(s.duration_s for s in storm_results), 1)
    results["storm"]["storm_p50_ms"] = [round(s.p50_ms, 2) for s in storm_results]
    results["storm"]["storm_connections_per_process"] = storm_connections
    print(f"  storm: {results['storm']['delivery_after_response_ms']} "
          f"({results['storm']['reservations_per_s']} reservations/s)", file=sys.stderr, flush=True)

    await writer.probe(run, run.stop_tag)  # every subscriber answers and ends its loop
    await asyncio.wait_for(asyncio.gather(*tasks), 30)
    await writer.connection.close()
    return results


def bench_database(kind: str, *, probes: int, storm_seconds: float, batch_ms: float | None,
                   storm_connections: int, mail: str) -> dict[str, Any]:
    processes = 2 if kind == "postgres" else 1
    tmp = Path(tempfile.mkdtemp(prefix="planner-sync-bench-"))
    db_name = "planner_bench_sync"
    url = fresh_postgres(db_name) if kind == "postgres" else f"sqlite:///{tmp / 'bench.sqlite3'}"
    print(f"{kind}: seeding", file=sys.stderr, flush=True)
    try:
        specialists, clients = _seed.prepare(url, specialists=21, clients=SUBSCRIBERS + 200)
        storm_start = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(days=400)
        _seed.add_slots(url, specialists[1:], 16_000, start=storm_start, step=timedelta(minutes=15),
                        length=timedelta(minutes=10))
        storm_ids = _seed.slot_ids(url, after=storm_start)
        with ExitStack() as stack:
            extra = {"SYNC_BATCH_MS": str(batch_ms)} if batch_ms is not None else {}
            if mail == "worker":  # the team deployment: servers without a sender, one niced worker
                extra["PLANNER_RUN_MAIL_WORKER"] = "false"
                stack.enter_context(mail_worker(url, tmp / "worker-data", **extra))
            bases = [stack.enter_context(running_server(url, tmp / f"data{n}", **extra))
                     for n in range(processes)]
            result = asyncio.run(measure(
                bases, specialist=_seed.token(specialists[0]),
                subscribers=[_seed.token(c) for c in clients[:SUBSCRIBERS]], storm_ids=storm_ids,
                storm_tokens=[_seed.token(c) for c in clients[SUBSCRIBERS:]], probes=probes,
                storm_seconds=storm_seconds, storm_connections=storm_connections))
    finally:
        if kind == "postgres":
            drop_postgres(db_name)
    return {"database": kind, "server_processes": processes, "subscribers": SUBSCRIBERS,
            "sync_batch_ms": batch_ms, "mail": mail, **result}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--probes", type=int, default=30, help="writes measured while idle")
    parser.add_argument("--storm-seconds", type=float, default=8.0, help="length of the storm phase")
    parser.add_argument("--storm-connections", type=int, default=STORM_CONNECTIONS_PER_PROCESS,
                        help="wrk connections reserving at each server process")
    parser.add_argument("--batch-ms", type=float, default=None,
                        help="the servers' SYNC_BATCH_MS (default: the server's default)")
    parser.add_argument("--mail", choices=["in-server", "worker"], default="in-server",
                        help="email sent by the servers themselves (default), or by one separate "
                             "niced `planner-server worker` as in the team deployment")
    args = parser.parse_args()
    _wrk.require_wrk()
    try:
        import uvloop
        uvloop.install()
    except ImportError:
        pass
    kinds = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    results = [bench_database(kind, probes=args.probes, storm_seconds=args.storm_seconds,
                              batch_ms=args.batch_ms, storm_connections=args.storm_connections,
                              mail=args.mail)
               for kind in kinds]
    print(json.dumps({"targets_ms": TARGETS_MS, "results": results}, indent=2))


if __name__ == "__main__":
    main()
