"""The administrator's user table at 100 and 10,000 users: load, sort, filter.

    python -m bench.admin_table [--repeat 5]

Each step is timed end to end on the administrator window's table view, shown (offscreen), events
processed:
- ``parse``: the server's JSON answer parsed into ``UserRead`` by the api client's adapter and the
  search keys prepared (the application does this in a worker thread, so it is reported apart);
- ``load``: the parsed users put into the model, the proxy filtered and the view updated (the
  UI thread's share: what the user waits for);
- ``sort``: a click on the "Last name" header (the model's keyed sort, the proxy's re-mapping);
- ``filter``: a search string typed into the proxy (every row tested).
``sort`` and ``filter`` run on the UI thread. Figures are medians over ``--repeat`` runs, in
milliseconds (JSON on stdout). Target: each step under 100 ms at 10,000 users.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from datetime import datetime, timedelta, timezone
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import orjson
from pydantic import TypeAdapter
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QTableView

from planner_desktop.models.user_columns import FilterKey, filter_keys_for
from planner_desktop.models.user_filter import UserFilterProxyModel
from planner_desktop.models.users import UserColumn, UserTableModel
from planner_desktop.windows.admin.window import make_user_table
from planner_shared.schemas import UserRead

USERS = TypeAdapter(list[UserRead])
FIRST = ["Anna", "Boris", "Clara", "Dmitry", "Elena", "Fyodor", "Galina", "Igor", "Olga", "Pavel"]
LAST = ["Smith", "Ivanova", "Petrov", "Jones", "Sokolova", "Brown", "Kuznetsov", "Miller", "Orlova"]
ROLES = ["client"] * 8 + ["specialist"] * 2
STEPS = ("parse", "load", "sort", "filter")


def server_answer(count: int, seed: int = 7) -> bytes:
    """What GET /api/v1/users/ sends for ``count`` users."""
    rng = random.Random(seed)
    t0 = datetime(2024, 1, 1, tzinfo=timezone.utc)
    users = [{
        "id": i, "first_name": rng.choice(FIRST), "last_name": f"{rng.choice(LAST)}{rng.randint(1, 999)}",
        "middle_name": "", "role": "admin" if i == 1 else rng.choice(ROLES),
        "phone": f"+7 9{i:09d}" if i % 3 else None, "email": f"user{i}@example.com",
        "is_staff": i == 1, "is_active": True, "is_blocked": i % 17 == 0,
        "created_at": (t0 + timedelta(minutes=i * 7)).isoformat(), "time_zone": "UTC",
        "language": "en",
    } for i in range(1, count + 1)]
    return orjson.dumps(users)


def _timed(action: Any, app: QApplication) -> float:
    start = time.perf_counter()
    action()
    app.processEvents()
    return (time.perf_counter() - start) * 1000


def prepare(body: bytes) -> tuple[list[UserRead], dict[int, FilterKey]]:
    """The worker thread's share of a load, as AdminWindow.reload does it."""
    users = USERS.validate_json(body)
    return users, filter_keys_for(users)


def click_header(view: QTableView, column: int) -> None:
    """What a user does to sort: click the column's header."""
    header = view.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     QPoint(x, header.height() // 2))


def run_once(count: int, app: QApplication) -> dict[str, float]:
    body = server_answer(count)
    model = UserTableModel(self_id=1)
    proxy = UserFilterProxyModel()
    proxy.setSourceModel(model)
    view = make_user_table(proxy)  # configured exactly as the administrator's window has it
    view.sortByColumn(UserColumn.ID, Qt.SortOrder.AscendingOrder)
    view.resize(1200, 700)
    view.show()
    app.processEvents()
    parsed: list[tuple[list[UserRead], dict[int, FilterKey]]] = []
    figures = {
        "parse": _timed(lambda: parsed.append(prepare(body)), app),
        "load": _timed(lambda: model.set_users(parsed[0][0], keys=parsed[0][1]), app),
        "sort": _timed(lambda: click_header(view, UserColumn.LAST_NAME), app),
        "filter": _timed(lambda: proxy.set_search("smith"), app),
    }
    figures["shown"] = proxy.rowCount()
    view.close()
    view.deleteLater()
    app.processEvents()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    result: dict[str, Any] = {"unit": "ms", "repeat": args.repeat, "target_ms": 100}
    for count in (100, 10_000):
        runs = [run_once(count, app) for _ in range(args.repeat)]
        result[str(count)] = {step: round(statistics.median(r[step] for r in runs), 2)
                              for step in STEPS}
        result[str(count)]["shown_after_filter"] = runs[0]["shown"]
    big = result["10000"]
    result["ratio_10000_to_100"] = {step: round(big[step] / max(result["100"][step], 0.01), 1)
                                    for step in STEPS}
    result["meets_target"] = all(big[step] < 100 for step in STEPS)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
