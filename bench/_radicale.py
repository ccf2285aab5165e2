"""A real CalDAV server for the tests: Radicale (from PyPI) in a thread on 127.0.0.1.

Plain htpasswd accounts and a temporary storage folder; it can be stopped and started again on the
same port with the same data (a calendar that goes away and comes back).
"""

from __future__ import annotations

import socketserver
import threading
from pathlib import Path
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import radicale
import radicale.config


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class _ThreadingServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True


class RadicaleServer:
    def __init__(self, folder: Path, users: dict[str, str]) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "users").write_text("".join(f"{name}:{password}\n" for name, password in users.items()))
        configuration = radicale.config.load()
        configuration.update({
            "auth": {"type": "htpasswd", "htpasswd_filename": str(folder / "users"),
                     "htpasswd_encryption": "plain", "delay": "0"},
            "storage": {"filesystem_folder": str(folder / "collections")},
            "rights": {"type": "owner_only"},
            "logging": {"level": "warning", "mask_passwords": "True"},
        }, "test", privileged=True)
        self.application = radicale.Application(configuration)
        self.port = 0
        self._server: WSGIServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def start(self) -> None:
        server = make_server("127.0.0.1", self.port, self.application, server_class=_ThreadingServer,
                             handler_class=_QuietHandler)
        self.port = server.server_port
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="radicale", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            assert self._thread is not None
            self._thread.join()
            self._server = None
