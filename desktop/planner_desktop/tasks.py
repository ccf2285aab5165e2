"""Run work off the UI thread; deliver its result or failure back on the UI thread.

The UI thread never waits on the network or the disk (DESIGN.md convention 6). Every call to the
server, every file read or write, is a small function handed to :meth:`Tasks.run`::

    def reserve(slot_id):
        session.tasks.run(lambda: session.api.reserve(slot_id),          # runs in a worker thread
                          on_success=lambda slot: session.store.upsert_slot(slot),  # UI thread
                          parent=self)                                     # errors shown over self

- ``work`` runs in a pool thread. It must not touch widgets.
- ``on_success(result)`` runs on the UI thread when ``work`` returned.
- ``on_failure(error)`` runs on the UI thread when ``work`` raised. Without one, the failure is
  shown by :func:`planner_desktop.errors.show_error` over ``parent`` (one readable dialog, never a
  traceback). Give ``on_failure`` when you handle the error yourself (e.g. roll back a table row),
  and call ``show_error`` from it if the user should still read why.
- ``parent``: the widget the operation belongs to. When it is destroyed before the work ends, the
  callbacks are dropped (no callback on a dead widget).
- ``busy``: counts the work in :attr:`Tasks.busy` / :attr:`Tasks.busy_changed`, which the shell
  shows as a busy indicator in the status bar. Pass ``busy=False`` for background work the user did
  not ask for (the sync loop, saving the local copy).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from planner_desktop.errors import show_error

T = TypeVar("T")
log = logging.getLogger("planner_desktop")


class Task(Generic[T]):
    """A handle on one submitted operation."""

    def __init__(self, work: Callable[[], T], on_success: Callable[[T], Any] | None,
                 on_failure: Callable[[BaseException], Any] | None, parent: QObject | None,
                 busy: bool) -> None:
        self.work = work
        self.on_success = on_success
        self.on_failure = on_failure
        self.parent = parent
        self.busy = busy
        self.cancelled = False
        self.done = threading.Event()  # set once the callbacks ran (or were dropped)

    def cancel(self) -> None:
        """Drop the callbacks (the work itself, once started, still runs to its end)."""
        self.cancelled = True

    def wanted(self) -> bool:
        return not self.cancelled and (self.parent is None or shiboken6.isValid(self.parent))


class Tasks(QObject):
    """The worker pool and the bridge back to the UI thread. Create it on the UI thread."""

    busy_changed = Signal(bool)
    _finished = Signal(object, bool, object)  # task, ok, result or error

    def __init__(self, parent: QObject | None = None, *, max_workers: int = 4) -> None:
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix="planner-task")
        self._busy = 0
        self._closed = False
        self._finished.connect(self._deliver)

    @property
    def busy(self) -> bool:
        return self._busy > 0

    def run(self, work: Callable[[], T], *, on_success: Callable[[T], Any] | None = None,
            on_failure: Callable[[BaseException], Any] | None = None,
            parent: QObject | None = None, busy: bool = True) -> Task[T]:
        """Run ``work`` in a worker thread; see the module docstring. Call on the UI thread."""
        task: Task[T] = Task(work, on_success, on_failure, parent, busy)
        if self._closed:
            task.cancel()
            task.done.set()
            return task
        if busy:
            self._change_busy(+1)
        self._pool.submit(self._execute, task)
        return task

    def shutdown(self, *, wait: bool = True) -> None:
        """Refuse new work; with ``wait``, let the running work end (its callbacks are dropped)."""
        self._closed = True
        self._pool.shutdown(wait=wait, cancel_futures=True)

    def _execute(self, task: Task[Any]) -> None:
        try:
            result = task.work()
        except BaseException as error:  # every failure goes back to the UI thread
            self._emit(task, False, error)
        else:
            self._emit(task, True, result)

    def _emit(self, task: Task[Any], ok: bool, payload: Any) -> None:
        if not shiboken6.isValid(self):  # the application is gone
            task.done.set()
            return
        self._finished.emit(task, ok, payload)

    def _deliver(self, task: Task[Any], ok: bool, payload: Any) -> None:
        try:
            if task.busy:
                self._change_busy(-1)
            if not task.wanted():
                return
            if ok:
                if task.on_success is not None:
                    task.on_success(payload)
            elif task.on_failure is not None:
                task.on_failure(payload)
            else:
                parent = task.parent if isinstance(task.parent, QWidget) else None
                show_error(payload, parent=parent)
        except Exception as error:  # a callback failed: report it, never crash the event loop
            log.exception("a task callback failed")
            show_error(error)
        finally:
            task.done.set()

    def _change_busy(self, delta: int) -> None:
        was = self.busy
        self._busy += delta
        if was != self.busy:
            self.busy_changed.emit(self.busy)
