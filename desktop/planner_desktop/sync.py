"""Follow the server's change feed (GET /api/v1/sync/, long-poll) into the local store.

A daemon thread asks for the changes after the store's cursor and holds the request open until
something happens; each page is handed to the UI thread, where :meth:`Store.apply` takes it in
order. Without a cursor (first start, or a cursor the server no longer knows: 410) it asks for a
snapshot. When the server cannot be reached the state turns offline and the loop retries with a
growing delay, never longer than ``MAX_BACKOFF`` (a restarted server is noticed within seconds);
:meth:`Syncer.retry_now` (the user's "Reconnect now") starts a fresh attempt at once. The first
request after a start or a failure is answered without holding (``wait=0``), so "online" shows as
soon as the server answers rather than when the next change arrives; on reconnect it resumes from
its cursor, so nothing is missed or repeated.

Windows read ``session.sync.online`` (None until the first answer) and listen to
``online_changed(bool)``; writes are refused while offline (see ``Session.write``).
"""

from __future__ import annotations

import logging
import threading
import time

import shiboken6
from PySide6.QtCore import QObject, Signal, SignalInstance

from planner_desktop.api import SYNC_WAIT_SECONDS, ApiClient
from planner_desktop.error_text import error_message
from planner_desktop.store import Store
from planner_shared.errors import DomainError, Forbidden, Gone, Unauthorized
from planner_shared.schemas import SyncPage

log = logging.getLogger("planner_desktop.sync")
MAX_BACKOFF = 5.0  # seconds: the longest wait between reconnection attempts
BACKOFF = (0.25, 0.5, 1.0, 2.0, 4.0, MAX_BACKOFF)  # seconds between reconnection attempts
MIN_POLL_SECONDS = 0.5  # a server that answers a long-poll at once is not asked again sooner


class Syncer(QObject):
    """The feed follower of one session. Create on the UI thread; ``start()`` once."""

    #: True when the server answers, False when it cannot be reached
    online_changed = Signal(bool)
    #: the server refused this user (token expired and not refreshable, account blocked): the error
    session_ended = Signal(object)
    #: a page was applied to the store (after ``Store.apply``)
    page_applied = Signal(object)

    _page = Signal(int, object)  # generation, SyncPage — from the thread to the UI thread
    _status = Signal(int, bool, str)  # generation, online, why
    _ended = Signal(int, object)

    def __init__(self, api: ApiClient, store: Store, parent: QObject | None = None, *,
                 wait: float = SYNC_WAIT_SECONDS, backoff: tuple[float, ...] = BACKOFF) -> None:
        super().__init__(parent)
        self._base_api = api
        self._store = store
        self._wait = wait
        self._backoff = backoff
        self._wake = threading.Event()  # the running loop's: set to cut its wait short
        self._generation = 0
        self._thread: threading.Thread | None = None
        self.online: bool | None = None
        self.last_problem = ""
        self._page.connect(self._on_page)
        self._status.connect(self._on_status)
        self._ended.connect(self._on_ended)

    # --- control (UI thread) ---------------------------------------------------------------------

    def start(self) -> None:
        if self._thread is not None:
            return
        self._generation += 1
        self._wake = threading.Event()
        cursor = self._store.cursor
        api = self._base_api.clone()  # its own connections: a held long-poll never blocks other calls
        self._thread = threading.Thread(target=self._run, args=(api, self._generation, cursor, self._wake),
                                        name="planner-sync", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop following. A long-poll in flight ends on its own; its answer is dropped."""
        self._wake.set()
        self._generation += 1
        self._thread = None

    def retry_now(self) -> None:
        """Reconnect now (the user asked): while not online, a fresh attempt starts at once, whatever
        the current one is doing (waiting out a delay, or stuck on a connection that never answers)."""
        if self._thread is None or self.online is True:
            self._wake.set()
            return
        self.stop()
        self.start()

    @property
    def running(self) -> bool:
        return self._thread is not None

    # --- the loop (its own thread) ---------------------------------------------------------------

    def _run(self, api: ApiClient, generation: int, cursor: int | None, wake: threading.Event) -> None:
        try:
            self._follow(api, generation, cursor, wake)
        finally:
            api.close()

    def _follow(self, api: ApiClient, generation: int, cursor: int | None, wake: threading.Event) -> None:
        failures = 0
        answered = False  # since the start or the last failure: until then, ask without holding
        while generation == self._generation:
            asked = time.monotonic()
            hold = self._wait if answered and cursor is not None else 0
            try:
                page = api.sync(cursor, wait=hold) if cursor is not None else api.sync()
            except Gone:
                log.info("cursor %s is no longer served; taking a snapshot", cursor)
                cursor = None
                continue
            except (Unauthorized, Forbidden) as error:
                self._emit(self._ended, generation, error)
                return
            except DomainError as error:  # Unavailable, or the server refused the feed for now
                self._emit(self._status, generation, False, error_message(error))
                delay = self._backoff[min(failures, len(self._backoff) - 1)]
                failures, answered = failures + 1, False
                wake.wait(delay)
                wake.clear()
                continue
            except Exception as error:  # never let the loop die silently
                log.exception("sync failed")
                self._emit(self._status, generation, False, str(error))
                answered = False
                wake.wait(self._backoff[-1])
                wake.clear()
                continue
            failures, answered = 0, True
            if generation != self._generation:
                return
            self._emit(self._status, generation, True, "")
            self._emit(self._page, generation, page)
            quiet = hold > 0 and not page.snapshot and not page.changes and not page.more
            cursor = page.cursor
            elapsed = time.monotonic() - asked
            if quiet and elapsed < MIN_POLL_SECONDS:
                wake.wait(MIN_POLL_SECONDS - elapsed)
                wake.clear()

    def _emit(self, signal: SignalInstance, generation: int, *args: object) -> None:
        if generation != self._generation or not shiboken6.isValid(self):
            return
        signal.emit(generation, *args)

    # --- back on the UI thread -------------------------------------------------------------------

    def _on_page(self, generation: int, page: SyncPage) -> None:
        if generation != self._generation:
            return
        self._store.apply(page)
        self.page_applied.emit(page)

    def _on_status(self, generation: int, online: bool, why: str) -> None:
        if generation != self._generation:
            return
        self.last_problem = why
        if self.online != online:
            self.online = online
            if not online:
                log.info("offline: %s", why)
            self.online_changed.emit(online)

    def _on_ended(self, generation: int, error: DomainError) -> None:
        if generation != self._generation:
            return
        self.stop()
        self.session_ended.emit(error)

