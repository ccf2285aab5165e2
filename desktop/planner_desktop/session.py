"""What a role window is given: the signed-in user and the parts it works with.

The role-window contract
------------------------
Each role window is a ``QWidget`` subclass in ``planner_desktop.windows.<role>.window``
(``SpecialistWindow``, ``ClientWindow``, ``AdminWindow``) constructed as ``Window(session)``;
the shell (:mod:`planner_desktop.shell`) makes it its central widget and owns it. A window:

- reads data from ``session.store`` and listens to its signals (``slots_changed``,
  ``users_changed``, ``reset``) to refresh what it shows; it never polls the server;
- calls the server only through ``session.run`` / ``session.write`` (work off the UI thread,
  result on the UI thread) with ``session.api`` methods; after a successful write it may put the
  returned object into the store (``store.upsert_slot``) — the feed confirms it moments later;
- shows failures through the default ``show_error`` path (or its own ``on_failure``);
- may remember small things with ``session.settings.value(key)`` / ``set_value(key, v)``;
- may define ``menus(self) -> list[QMenu]``: the shell adds them to its menu bar after its own;
- may define ``title(self) -> str``: the shell shows it in the window title;
- may define ``shutdown(self) -> None``: called before the session ends (sign out, quit).

A window never reaches into another window, the shell, or the sync loop.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, QTimer
from PySide6.QtWidgets import QWidget

from planner_desktop.api import ApiClient
from planner_desktop.errors import show_error
from planner_desktop.settings import AppSettings
from planner_desktop.store import Store, StoreFile, StoreState
from planner_desktop.sync import Syncer
from planner_desktop.tasks import Task, Tasks
from planner_shared.enums import Role
from planner_shared.errors import Unavailable
from planner_shared.schemas import UserRead

T = TypeVar("T")
log = logging.getLogger("planner_desktop")
SAVE_DELAY_MS = 1000


@dataclass
class Session:
    """One signed-in user on one server."""

    api: ApiClient
    store: Store
    tasks: Tasks
    sync: Syncer
    user: UserRead
    settings: AppSettings
    server_label: str  # "embedded" or the server URL, for display
    store_file: StoreFile | None = None
    _save_timer: QTimer | None = field(default=None, repr=False)
    _saver: ThreadPoolExecutor | None = field(
        default_factory=lambda: ThreadPoolExecutor(max_workers=1, thread_name_prefix="planner-save"),
        repr=False)

    @property
    def role(self) -> Role:
        return self.user.role

    @property
    def online(self) -> bool:
        """False only once the feed found the server unreachable (unknown counts as online)."""
        return self.sync.online is not False

    def run(self, work: Callable[[], T], *, on_success: Callable[[T], Any] | None = None,
            on_failure: Callable[[BaseException], Any] | None = None, parent: QObject | None = None,
            busy: bool = True) -> Task[T]:
        """Run ``work`` off the UI thread (see :mod:`planner_desktop.tasks`)."""
        return self.tasks.run(work, on_success=on_success, on_failure=on_failure, parent=parent,
                              busy=busy)

    def write(self, work: Callable[[], T], *, on_success: Callable[[T], Any] | None = None,
              on_failure: Callable[[BaseException], Any] | None = None,
              parent: QObject | None = None) -> Task[T] | None:
        """Like :meth:`run` for a change; refused at once (failure path, returns None) while offline.

        The server decides bookings, so nothing is queued for later: the user is told plainly.
        """
        if not self.online:
            error = Unavailable(QCoreApplication.translate(
                "Session", "You are offline: the server cannot be reached, so this change was not "
                           "made. Try again when the status bar shows Online."), code="offline")
            if on_failure is not None:
                on_failure(error)
            else:
                show_error(error, parent=parent if isinstance(parent, QWidget) else None)
            return None
        return self.run(work, on_success=on_success, on_failure=on_failure, parent=parent)

    # --- lifetime (used by the shell) ------------------------------------------------------------

    def start(self) -> None:
        """Start following the feed and saving the local copy when it changes."""
        if self.store_file is not None:
            self._save_timer = QTimer(self.store)
            self._save_timer.setSingleShot(True)
            self._save_timer.setInterval(SAVE_DELAY_MS)
            self._save_timer.timeout.connect(self.save)
            self.store.changed.connect(self._save_timer.start)
        self.sync.start()

    def save(self) -> Future[None] | None:
        """Write the local copy in the background (one writer: saves never overlap)."""
        if self.store_file is None or self._saver is None:
            return None
        state = self.store.state(owner=self.user.model_dump(mode="json"))
        return self._saver.submit(_write_copy, self.store_file, state)

    def end(self, *, wait: bool = False) -> None:
        """Stop the feed and save once more; ``wait`` (at quit) until that save is on disk."""
        self.sync.stop()
        if self._save_timer is not None:
            self._save_timer.stop()
        self.save()
        if self._saver is not None:
            self._saver.shutdown(wait=wait)
            self._saver = None


def _write_copy(store_file: StoreFile, state: StoreState) -> None:
    try:
        store_file.save(state)
    except (OSError, ValueError):  # a cache: failing to save costs only the offline view
        log.warning("could not save the local copy to %s", store_file.path, exc_info=True)
