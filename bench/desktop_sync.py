"""How fast a change made elsewhere reaches a desktop's local copy: ``python -m bench.desktop_sync``.

A real embedded server; a specialist's desktop follows the feed (Syncer + Store, offscreen); a
client reserves one of its slots through the API. Timed from just before the reserve request to
the moment the specialist's store shows the slot awaiting approval (so it includes the request).
Prints JSON: median and worst of N reservations.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QApplication

from planner_desktop.api import ApiClient
from planner_desktop.embedded import EmbeddedServer
from planner_desktop.store import Store
from planner_desktop.sync import Syncer
from planner_shared.enums import Role, SlotStatus
from planner_shared.schemas import SlotCreate, UserCreate


def _pump(qapp: QApplication, condition: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the change did not arrive")
        qapp.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)


def _account(url: str, role: Role) -> ApiClient:
    api = ApiClient(url)
    email = f"{role.value}@bench.example"
    api.register(UserCreate(first_name="Bench", last_name=role.value, email=email, role=role,
                            password="bench-password-1"))
    api.sign_in(email, "bench-password-1")
    return api


def measure(count: int) -> dict[str, object]:
    qapp = QApplication.instance() or QApplication([])
    assert isinstance(qapp, QApplication)
    with tempfile.TemporaryDirectory(prefix="planner-bench-") as tmp:
        server = EmbeddedServer(Path(tmp))
        url = server.start()
        try:
            specialist, client = _account(url, Role.SPECIALIST), _account(url, Role.CLIENT)
            store = Store()
            sync = Syncer(specialist, store)
            sync.start()
            _pump(qapp, lambda: sync.online is True)
            base = datetime.now(timezone.utc).replace(minute=0, second=0, microsecond=0) + timedelta(days=2)
            seconds = []
            for i in range(count):
                start = base + timedelta(hours=i)
                slot = specialist.create_slot(SlotCreate(start_time=start, cost=Decimal("1"),
                                                         end_time=start + timedelta(minutes=30)))
                _pump(qapp, lambda s=slot.id: store.slot(s) is not None)  # type: ignore[misc]
                time.sleep(0.1)  # the long-poll is waiting again
                started = time.perf_counter()
                client.reserve(slot.id)
                _pump(qapp, lambda s=slot.id: store.slot(s).status is SlotStatus.AGREEMENT)  # type: ignore[misc,union-attr]
                seconds.append(time.perf_counter() - started)
            sync.stop()
        finally:
            server.stop()
    return {"reserve_to_other_desktop_seconds": {"median": round(statistics.median(seconds), 4),
                                                 "max": round(max(seconds), 4), "runs": count},
            "target_seconds": 1.0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=20)
    print(json.dumps(measure(parser.parse_args().count), indent=2))


if __name__ == "__main__":
    main()
