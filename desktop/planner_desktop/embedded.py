"""The server inside the application (SPEC §7, embedded mode). The one module importing the server.

:class:`EmbeddedServer` runs ``planner_server.main.create_app`` under uvicorn in a background thread
on 127.0.0.1, with the SQLite file, the generated secret and the ``.eml`` outbox in the data folder;
the schema is migrated at start. A profile's server keeps one address: its port is chosen
once (a free one, or ``--port``) and remembered in the data folder, so other desktops on this
computer can keep pointing at it (``planner --server http://127.0.0.1:PORT``). ``--demo`` fills
an empty database with the population of :mod:`planner_shared.demo`
(``planner_server.demo.seed_demo``, the server's services).

``start()`` blocks until the server answers (call it from a worker thread); ``stop()`` ends it.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
import json
import logging
import socket
import sqlite3
import threading
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any, TypeVar

from planner_shared.errors import Unavailable

log = logging.getLogger("planner_desktop.embedded")
HOST = "127.0.0.1"
PORT_FILE = "port"  # in the server's data folder: the port a profile's server keeps
T = TypeVar("T")


class EmbeddedServerError(Unavailable):
    """The embedded server could not start; ``detail`` says why, for the user."""

    default_code = "embedded_failed"


class EmbeddedServer:
    """One in-process server. ``port=0`` picks a free port; a restart keeps the port it got.

    ``remember_port``: the port is kept in the data folder and used again at the next start (a
    remembered port that something else has taken meanwhile is given up for a free one; a port
    asked for explicitly is not).
    """

    def __init__(self, data_dir: Path, *, port: int = 0, demo: bool = False,
                 remember_port: bool = False) -> None:
        self.data_dir = data_dir
        self.remember_port = remember_port
        self._port_asked = port != 0
        self.port = port or (self._remembered_port() if remember_port else 0)
        self.demo = demo
        self.seeded = False  # the demo population was written by this start
        self._thread: threading.Thread | None = None
        self._server: Any = None  # uvicorn.Server
        self._loop: asyncio.AbstractEventLoop | None = None
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self._starting = threading.Lock()  # one start at a time; a second caller waits for it

    @classmethod
    def of_profile(cls, data_dir: Path, *, demo: bool = False, port: int | None = None) -> EmbeddedServer:
        """The built-in server of a desktop profile: its files in ``server/`` inside the profile, on
        the port remembered there (``port``, e.g. from ``--port``, replaces it)."""
        return cls(data_dir / "server", demo=demo, port=port or 0, remember_port=True)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def database_path(self) -> Path:
        return self.data_dir / "planner.sqlite3"

    @property
    def mail_folder(self) -> Path | None:
        """Where its emails are saved as files (no SMTP server configured), else None."""
        from planner_server.config import Settings

        settings = Settings(data_dir=self.data_dir)
        return settings.outbox_dir if settings.effective_email_backend == "file" else None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive() and self._ready.is_set()

    def start_in_background(self) -> None:
        """Begin starting now without waiting; a later ``start()`` waits for it (or reports why not)."""

        def start_quietly() -> None:
            with contextlib.suppress(EmbeddedServerError):  # start() will say it again, to the user
                self.start()

        threading.Thread(target=start_quietly, name="planner-embedded-start", daemon=True).start()

    def start(self, timeout: float = 60.0) -> str:
        """Start serving and return the base URL once the server answers requests."""
        with self._starting:
            return self._start(timeout)

    def _start(self, timeout: float) -> str:
        if self.running:
            return self.url
        self.data_dir.mkdir(parents=True, exist_ok=True)
        sock = self._bind()
        self._ready.clear()
        self._error = None
        self._thread = threading.Thread(target=self._thread_main, args=(sock,),
                                        name="planner-embedded-server", daemon=True)
        self._thread.start()
        if not self._ready.wait(timeout) and self._error is None:
            self._error = EmbeddedServerError(f"The embedded server did not start within {timeout:.0f} s.")
        if self._error is not None:
            self.stop()
            error = self._error
            if isinstance(error, EmbeddedServerError):
                raise error
            raise EmbeddedServerError(f"The embedded server could not start: {error}") from error
        log.info("built-in server ready at %s", self.url)
        return self.url

    def stop(self, timeout: float = 10.0) -> None:
        """Stop serving: open requests get a moment to finish, then connections are closed."""
        server, loop, thread = self._server, self._loop, self._thread
        if server is not None and loop is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):  # the loop may have just closed
                loop.call_soon_threadsafe(_begin_shutdown, server)
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)
        self._thread = None
        self._server = None
        self._loop = None
        self._ready.clear()

    def stop_after_start(self) -> None:
        """Stop, once a start under way (in another thread) has finished."""
        with self._starting:
            self.stop()

    def call(self, make: Callable[[Any], Coroutine[Any, Any, T]], timeout: float = 30.0) -> T:
        """Run ``make(server_context)`` on the server's event loop and return its result.

        For tools and tests that need the server's own services (e.g. creating an administrator,
        which no API allows); never used by the windows.
        """
        if self._loop is None or self._server is None or not self.running:
            raise EmbeddedServerError("The embedded server is not running.")
        context = self._server.config.app.state.context
        future = asyncio.run_coroutine_threadsafe(make(context), self._loop)
        return future.result(timeout)

    def create_admin(self, email: str, password: str, first_name: str = "Admin",
                     last_name: str = "Administrator") -> int:
        """An administrator account (administrators never register themselves); returns its id."""

        async def create(context: Any) -> int:
            from planner_server.users.service import register
            from planner_shared.enums import Role
            from planner_shared.schemas import UserCreate

            data = UserCreate(first_name=first_name, last_name=last_name, email=email, role=Role.CLIENT,
                              password=password)
            async with context.db.session() as session:
                user = await register(session=session, data=data, role=Role.ADMIN, is_staff=True)
            return int(user["id"])

        return self.call(create)

    # --- inside the server thread ------------------------------------------------------------------

    @property
    def _port_path(self) -> Path:
        return self.data_dir / PORT_FILE

    def _remembered_port(self) -> int:
        try:
            port = int(self._port_path.read_text(encoding="ascii").strip())
        except (OSError, ValueError):
            return 0
        return port if 0 < port < 65536 else 0

    def _bind(self) -> socket.socket:
        try:
            sock = _bound(self.port)
        except EmbeddedServerError:
            if self._port_asked or not self.remember_port or not self.port:
                raise
            log.warning("the remembered port %s is taken; the built-in server moves to another", self.port)
            sock = _bound(0)
        self.port = sock.getsockname()[1]
        if self.remember_port and self._remembered_port() != self.port:
            try:
                self._port_path.write_text(f"{self.port}\n", encoding="ascii")
            except OSError:
                log.warning("could not remember the port in %s", self._port_path, exc_info=True)
        return sock

    # The migrations are applied at start; when the database is already at the revisions of the
    # migration files shipped (recorded in a stamp after the last upgrade), the check is skipped.

    @property
    def _stamp_path(self) -> Path:
        return self.data_dir / "schema.stamp"

    def _schema_fingerprint(self) -> dict[str, Any]:
        spec = importlib.util.find_spec("planner_server")
        assert spec is not None and spec.submodule_search_locations
        versions = Path(next(iter(spec.submodule_search_locations))) / "migrations" / "versions"
        files = sorted(f"{p.name}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in versions.glob("*.py"))
        from planner_server.sync import recorder  # the triggers installed after the migrations

        return {"files": files, "triggers": recorder.fingerprint(), "revisions": self._database_revisions()}

    def _database_revisions(self) -> list[str]:
        if not self.database_path.exists():
            return []
        try:
            with contextlib.closing(sqlite3.connect(self.database_path)) as db:
                return sorted(row[0] for row in db.execute("SELECT version_num FROM alembic_version"))
        except sqlite3.Error:
            return []

    def _schema_is_current(self) -> bool:
        try:
            stamp = json.loads(self._stamp_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        fingerprint = self._schema_fingerprint()
        return bool(fingerprint["revisions"]) and stamp == fingerprint

    def _stamp_schema(self) -> None:
        with contextlib.suppress(OSError):
            self._stamp_path.write_text(json.dumps(self._schema_fingerprint()), encoding="utf-8")

    def _thread_main(self, sock: socket.socket) -> None:
        try:
            asyncio.run(self._serve(sock))
        except BaseException as error:  # reported to start(); nothing else may see it
            log.exception("embedded server failed")
            self._error = error
        finally:
            sock.close()
            self._ready.set()

    async def _serve(self, sock: socket.socket) -> None:
        import uvicorn

        from planner_server.config import Settings
        from planner_server.demo import seed_demo
        from planner_server.main import create_app

        current = self._schema_is_current()
        settings = Settings(data_dir=self.data_dir,
                            database_url=f"sqlite:///{self.database_path}",
                            migrate_on_start=not current)
        app = create_app(settings)
        config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on",
                                timeout_graceful_shutdown=1, ws="none")
        server = uvicorn.Server(config)
        self._server, self._loop = server, asyncio.get_running_loop()
        serving = asyncio.create_task(server.serve(sockets=[sock]))
        while not server.started:
            if serving.done():
                serving.result()  # raises what stopped it
                raise EmbeddedServerError("The embedded server stopped while starting.")
            await asyncio.sleep(0.005)
        if not current:
            self._stamp_schema()
        if self.demo:
            try:
                self.seeded = await seed_demo(app.state.context.db)
            except BaseException:
                server.should_exit = True
                await serving
                raise
        self._ready.set()
        await serving


def _bound(port: int) -> socket.socket:
    """A socket bound to ``port`` (0: a free one) on HOST, not yet listening."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((HOST, port))
    except OSError as error:
        sock.close()
        raise EmbeddedServerError(f"Port {port} on {HOST} is taken ({error}).") from error
    sock.set_inheritable(True)
    return sock


def _begin_shutdown(server: Any) -> None:
    """Answer the held long-polls at once (their clients resume elsewhere), then stop serving."""
    from planner_server.sync.feature import hub_of

    hub = hub_of(server.config.app.state.context)
    if hub is not None:
        hub.close()
    server.should_exit = True
