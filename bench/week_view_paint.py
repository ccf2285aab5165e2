"""The week view's paint time with 50, 500 and 2,000 slots in view, and one drag step.

    python -m bench.week_view_paint [--repeat 30]

A shown WeekView (offscreen, 1400 × 1000, the whole day in view so every slot is painted):
- ``paint``: a full repaint of the viewport (static grid from its cache, slots, now-line), for an
  empty week and for 50, 500 and 2,000 slots (a specialist's slots do not overlap; the
  ``2000_overlapping`` case stacks them in lanes as a shared calendar would); ``first_paint``
  is the paint right after the data changed, including the layout and the cached grid;
- ``drag_step``: one mouse move during a drag with 2,000 slots — the event handled (new ghost
  times, the shared rules' overlap/past check through SlotChecker) and the dirty region painted,
  for a sweep (creating) and for moving a slot.
Figures in milliseconds (wall-clock median, minimum and 95th percentile of ``--repeat`` runs, and
the median CPU time of the process), JSON on stdout with the machine's load average.
Targets: 2,000 slots painted under 16 ms (one frame at 60 Hz), a drag step under 4 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from planner_desktop.widgets.slot_layout import SlotView
from planner_desktop.widgets.week_view import WeekView
from planner_desktop.windows.specialist.slot_checks import SlotChecker
from planner_shared.enums import SlotStatus
from planner_shared.rules import Interval

TZ = ZoneInfo("Europe/Berlin")
WEEK = date(2031, 3, 10)
NOW = datetime(2031, 3, 12, 12, 0, tzinfo=TZ)
STATUSES = [SlotStatus.FREE] * 5 + [SlotStatus.AGREEMENT] * 2 + [SlotStatus.RESERVED] * 3


def week_slots(count: int, *, overlapping: bool = False, seed: int = 5) -> list[SlotView]:
    """``count`` slots over the week: back to back in equal parts of each day, or random stacks."""
    rng = random.Random(seed)
    slots = []
    per_day = -(-count // 7)
    length = max(5, (1440 // per_day) // 5 * 5)
    for n in range(count):
        day = WEEK + timedelta(days=n % 7)
        if overlapping:
            minute = rng.randrange(0, 1440 - 90, 5)
            duration = rng.choice((15, 30, 45, 60, 90))
        else:
            minute, duration = (n // 7) * length, length
        start = datetime(day.year, day.month, day.day, tzinfo=TZ) + timedelta(minutes=minute)
        status = rng.choice(STATUSES)
        end = start.astimezone(ZoneInfo("UTC")) + timedelta(minutes=duration)
        if end <= NOW and status is SlotStatus.RESERVED:
            status = SlotStatus.COMPLETED
        slots.append(SlotView(n + 1, start, end, status, f"Consultation {n + 1}", Decimal("50.00"),
                              "Client Name" if status is not SlotStatus.FREE else None))
    return slots


def timed(action: Callable[[], Any], repeat: int) -> dict[str, float]:
    """Wall-clock median, minimum and 95th percentile, and the median CPU time of this process
    (on a machine shared with other work the CPU time shows the paint's own cost)."""
    wall, cpu = [], []
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        action()
        cpu.append((time.process_time() - c0) * 1000)
        wall.append((time.perf_counter() - t0) * 1000)
    wall.sort()
    return {"median_ms": round(statistics.median(wall), 3), "min_ms": round(wall[0], 3),
            "p95_ms": round(wall[min(len(wall) - 1, int(len(wall) * 0.95))], 3),
            "cpu_median_ms": round(statistics.median(cpu), 3)}


def make_view() -> WeekView:
    view = WeekView(tz=TZ, now=lambda: NOW)
    view.set_week(WEEK)
    view.resize(1400, 1000)
    view.show()
    QApplication.processEvents()
    view.set_hour_height((view.viewport().height() - view.grid.header_height) / 24)
    view.verticalScrollBar().setValue(0)
    QApplication.processEvents()
    return view


def paint_case(view: WeekView, slots: list[SlotView], repeat: int) -> dict[str, Any]:
    t0 = time.perf_counter()
    view.set_slots(slots)
    view._static = None  # the data change's worst case: the cached grid is rebuilt too
    view.viewport().repaint()
    first = (time.perf_counter() - t0) * 1000
    result = timed(view.viewport().repaint, repeat)
    return {**result, "first_paint_ms": round(first, 3), "slots": len(slots)}


def move_event(viewport: QWidget, point: QPointF) -> QMouseEvent:
    return QMouseEvent(QEvent.Type.MouseMove, point, viewport.mapToGlobal(point), Qt.MouseButton.LeftButton,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)


def drag_case(view: WeekView, slots: list[SlotView], repeat: int, *, moving: bool) -> dict[str, Any]:
    view.set_slots(slots)
    checker = SlotChecker([Interval(s.start, s.end, s.id) for s in slots], tz=TZ)
    view.validator = lambda start, end, ignore: checker.reason(start, end, ignore)
    QApplication.processEvents()
    grid, viewport = view.grid, view.viewport()
    x = grid.x_for_day(3) + grid.day_width / 2
    if moving:
        target = next(s for s in slots if s.status is SlotStatus.FREE and grid.day_of(s.start) == 3
                      and s.start.astimezone(TZ).hour >= 14)
        rect = grid.rects_for(target.start, target.end)[0]
        press = QPointF(rect.x + rect.width / 2, rect.y + rect.height / 2)
    else:
        press = QPointF(x, grid.y_for_minutes(14 * 60))
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, press.toPoint())
    QApplication.sendEvent(viewport, move_event(viewport, press + QPointF(0, 40)))
    QApplication.processEvents()
    step = grid.minute_height * 15
    positions = [press + QPointF(0, 40 + step * (n % 8)) for n in range(repeat + 1)]
    index = iter(range(1, repeat + 2))

    def one_step() -> None:
        QApplication.sendEvent(viewport, move_event(viewport, positions[next(index) % len(positions)]))
        QApplication.processEvents()  # the update request: the dirty region painted

    result = timed(one_step, repeat)
    QTest.keyClick(view, Qt.Key.Key_Escape)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, press.toPoint())
    view.validator = None
    return {**result, "slots": len(slots)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    view = make_view()
    paint: dict[str, Any] = {"empty": paint_case(view, [], args.repeat)}
    for count in (50, 500, 2000):
        paint[str(count)] = paint_case(view, week_slots(count), args.repeat)
    paint["2000_overlapping"] = paint_case(view, week_slots(2000, overlapping=True), args.repeat)
    busy = week_slots(2000)
    drag = {"creating": drag_case(view, busy, args.repeat, moving=False),
            "moving": drag_case(view, busy, args.repeat, moving=True)}
    report = {
        "viewport": [view.viewport().width(), view.viewport().height()],
        "hour_height_px": round(view.hour_height, 2),
        "paint": paint,
        "drag_step_2000": drag,
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "cpus": os.cpu_count(),
        "targets": {"paint_2000_ms": 16, "drag_step_ms": 4},
        "met": {"paint_2000": paint["2000"]["median_ms"] < 16,
                "drag_step": max(d["median_ms"] for d in drag.values()) < 4},
    }
    print(json.dumps(report, indent=2))
    view.close()
    app.processEvents()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
