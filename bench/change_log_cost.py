"""What recording a change costs the reservation hot path, on PostgreSQL.

    python -m bench.change_log_cost [--seconds 3] [--connections 4]

Several connections commit reservation-like transactions (one conditional UPDATE of a slot, then
COMMIT) as fast as they can, first bare — the baseline, with the database's triggers off for the
connection (session_replication_role = replica) — then as the server runs them: the slot's trigger
records the change (sync.recorder), whose own deferred trigger numbers it under the change-log lock
and NOTIFYs at COMMIT; alternating three times. Prints transactions/s of each and the ratio.
Targets 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import json
import threading
import time
from datetime import UTC, datetime, timedelta

import psycopg

from bench import _seed
from bench._server import drop_postgres, fresh_postgres

DB_NAME = "planner_bench_change_log"
RESERVE = ("UPDATE slots SET status = CASE status WHEN 'free' THEN 'agreement' ELSE 'free' END, "
           "client_id = CASE WHEN client_id IS NULL THEN %(client)s END, version = version + 1, "
           "updated_at = now() WHERE id = %(slot)s")


def _worker(url: str, slots: list[int], client: int, record: bool, until: float,
            counts: list[int], index: int) -> None:
    with psycopg.connect(url) as conn:
        if not record:  # the change log's triggers do not fire for this connection
            conn.execute("SET session_replication_role = replica")
            conn.commit()
        n = 0
        while time.monotonic() < until:
            params = {"slot": slots[n % len(slots)], "client": client}
            with conn.transaction():
                conn.execute(RESERVE, params)
            n += 1
        counts[index] = n


def _round(url: str, slot_sets: list[list[int]], clients: list[int], *, record: bool,
           seconds: float) -> float:
    counts = [0] * len(slot_sets)
    until = time.monotonic() + seconds
    threads = [threading.Thread(target=_worker, args=(url, slot_sets[i], clients[i], record, until,
                                                      counts, i)) for i in range(len(slot_sets))]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(counts) / (time.monotonic() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--seconds", type=float, default=3.0, help="length of each round")
    parser.add_argument("--connections", type=int, default=4)
    args = parser.parse_args()
    url = fresh_postgres(DB_NAME)
    try:
        specialists, clients = _seed.prepare(url, specialists=args.connections,
                                             clients=args.connections)
        start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=30)
        _seed.add_slots(url, specialists, 200 * args.connections, start=start,
                        step=timedelta(minutes=15), length=timedelta(minutes=10))
        ids = _seed.slot_ids(url, after=start)
        # Each connection its own slots: the rounds measure commits, not row-lock waits.
        slot_sets = [ids[i::args.connections] for i in range(args.connections)]
        bare, recorded = [], []
        for _ in range(3):
            bare.append(_round(url, slot_sets, clients, record=False, seconds=args.seconds))
            recorded.append(_round(url, slot_sets, clients, record=True, seconds=args.seconds))
        best_bare, best_recorded = max(bare), max(recorded)
        print(json.dumps({
            "connections": args.connections,
            "bare_transactions_per_s": [round(x, 1) for x in bare],
            "with_change_log_per_s": [round(x, 1) for x in recorded],
            "ratio_best_to_best": round(best_recorded / best_bare, 3),
        }, indent=2))
    finally:
        drop_postgres(DB_NAME)


if __name__ == "__main__":
    main()
