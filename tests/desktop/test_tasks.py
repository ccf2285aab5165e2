"""Work runs off the UI thread; results, failures and the busy state come back on it."""

from __future__ import annotations

import threading

import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from planner_desktop.errors import describe_error, reporter
from planner_desktop.tasks import Tasks
from planner_shared.errors import Conflict, Unavailable


def test_work_runs_in_a_worker_and_the_callback_on_the_ui_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    tasks = Tasks()
    ui = threading.get_ident()
    seen: dict[str, int] = {}

    def work() -> int:
        seen["work"] = threading.get_ident()
        return 42

    results: list[int] = []
    task = tasks.run(work, on_success=lambda value: (results.append(value),
                                                     seen.__setitem__("callback", threading.get_ident())))
    qtbot.waitUntil(lambda: results == [42], timeout=2000)
    assert task.done.is_set()
    assert seen["work"] != ui and seen["callback"] == ui
    tasks.shutdown()


def test_the_ui_thread_is_free_while_work_waits(qtbot) -> None:  # type: ignore[no-untyped-def]
    tasks = Tasks()
    release = threading.Event()
    done: list[bool] = []
    task = tasks.run(lambda: release.wait(5), on_success=done.append)
    assert not task.done.is_set()  # run() returned while the work still waits
    ticked: list[bool] = []
    QTimer.singleShot(0, lambda: ticked.append(True))
    qtbot.waitUntil(lambda: ticked == [True], timeout=2000)  # the event loop keeps turning meanwhile
    assert not task.done.is_set() and done == []
    release.set()
    qtbot.waitUntil(lambda: done == [True], timeout=2000)
    tasks.shutdown()


def test_a_failure_without_handler_is_shown_readably(qtbot) -> None:  # type: ignore[no-untyped-def]
    tasks = Tasks()
    owner = QWidget()
    qtbot.addWidget(owner)

    def work() -> None:
        raise Conflict("The server's English words.", code="slot_taken")  # worded by its code

    with qtbot.waitSignal(reporter().shown, timeout=2000) as shown:
        tasks.run(work, parent=owner)
    taken = "Someone else has just reserved this slot. Choose another time."
    assert shown.args == ["Could not be done", taken]
    box = owner.findChild(QMessageBox, "errorBox")
    assert box is not None and box.text() == taken
    box.close()
    tasks.shutdown()


def test_unexpected_errors_read_as_one_line_without_a_traceback() -> None:
    title, message = describe_error(KeyError("slot"))
    assert title == "Something went wrong"
    assert "KeyError" in message and "Traceback" not in message
    assert describe_error(Unavailable("The server cannot be reached."))[0] == "Server unreachable"


def test_callbacks_of_a_destroyed_owner_are_dropped(qtbot) -> None:  # type: ignore[no-untyped-def]
    tasks = Tasks()
    owner = QWidget()
    release = threading.Event()
    called: list[object] = []
    task = tasks.run(lambda: release.wait(5), on_success=called.append, on_failure=called.append,
                     parent=owner)
    owner.deleteLater()
    qtbot.waitUntil(lambda: not _alive(owner), timeout=2000)
    release.set()
    qtbot.waitUntil(task.done.is_set, timeout=2000)
    assert called == []
    tasks.shutdown()


def test_busy_is_announced_while_user_work_runs(qtbot) -> None:  # type: ignore[no-untyped-def]
    tasks = Tasks()
    states: list[bool] = []
    tasks.busy_changed.connect(states.append)
    release = threading.Event()
    tasks.run(lambda: release.wait(5), busy=False)
    assert states == [] and not tasks.busy  # background work is not "busy"
    tasks.run(lambda: release.wait(5))
    assert tasks.busy and states == [True]
    release.set()
    qtbot.waitUntil(lambda: states == [True, False], timeout=2000)
    tasks.shutdown()


def test_a_failing_callback_is_reported_not_raised(qtbot) -> None:  # type: ignore[no-untyped-def]
    tasks = Tasks()

    def broken(_: object) -> None:
        raise ValueError("bad callback")

    with qtbot.waitSignal(reporter().shown, timeout=2000) as shown:
        tasks.run(lambda: 1, on_success=broken)
    assert shown.args[0] == "Something went wrong"
    for box in QApplication.topLevelWidgets():
        if box.objectName() == "errorBox":
            box.close()
    tasks.shutdown()


def _alive(widget: QWidget) -> bool:
    return shiboken6.isValid(widget)
