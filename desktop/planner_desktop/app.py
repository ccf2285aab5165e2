"""``planner``: the sign-in dialog, then the window for the signed-in user's role.

    planner                      built-in server in the user data folder (or the remembered choice)
    planner --server URL         a team server
    planner --demo               fill an empty built-in server with demo accounts and slots
    planner --data-dir DIR       a separate profile (settings, local copy, built-in server)
    planner --port N             the built-in server's port (remembered; default: chosen once)
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
from collections.abc import Sequence
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planner_desktop import __version__
from planner_desktop.i18n import LANGUAGES
from planner_desktop.settings import EMBEDDED, AppSettings, default_data_dir

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

log = logging.getLogger("planner_desktop")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="planner", description="Consultation Planner desktop application.")
    parser.add_argument("--version", action="version", version=f"planner {__version__}")
    parser.add_argument("--server", metavar="URL",
                        help="connect to a team server instead of the built-in one")
    parser.add_argument("--data-dir", type=Path, metavar="DIR",
                        help="folder for settings, the local copy and the built-in server "
                             f"(default {default_data_dir()})")
    parser.add_argument("--demo", action="store_true",
                        help="fill an empty built-in server with demo accounts and a week of slots")
    parser.add_argument("--port", type=int, metavar="N",
                        help="the built-in server's port on 127.0.0.1, remembered for the profile "
                             "(default: a free port chosen at the first start, then kept)")
    parser.add_argument("--language", choices=sorted(LANGUAGES),
                        help="interface language (default: the remembered choice, else the system's)")
    return parser


def configure_logging(data_dir: Path) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    handler = RotatingFileHandler(data_dir / "planner.log", maxBytes=1_000_000, backupCount=2,
                                  encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    data_dir = (args.data_dir or default_data_dir()).expanduser().resolve()
    configure_logging(data_dir)
    embedded = prestart_server(args, data_dir)

    from PySide6.QtWidgets import QApplication  # the interface loads while the server starts

    from planner_desktop.application import Application
    from planner_desktop.identity import identify

    qapp = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(qapp, QApplication)
    identify(qapp)  # names, version, desktop entry, window icon
    application = Application(qapp, args, embedded=embedded)
    application.window_shown.connect(lambda window: log.info("shown: %s", window.objectName()))
    quit_on_signals(qapp)
    application.start()
    return qapp.exec()


def prestart_server(args: argparse.Namespace, data_dir: Path) -> Any:
    """Start the built-in server at once, before the interface loads, when it will be the choice.

    Returns that ``EmbeddedServer`` (still starting), or None.
    """
    if args.server:
        return None
    demo = bool(args.demo)
    if not demo and AppSettings(data_dir).server != EMBEDDED:
        return None
    from planner_desktop.embedded import EmbeddedServer

    embedded = EmbeddedServer.of_profile(data_dir, demo=demo, port=args.port)
    embedded.start_in_background()
    return embedded


def quit_on_signals(qapp: QApplication) -> None:
    """Ctrl+C or a termination request quits cleanly (local copy saved, server stopped)."""
    from PySide6.QtCore import QTimer

    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, lambda *_: qapp.quit())
    heartbeat = QTimer(qapp)  # Python sees signals only when it runs: wake it a few times a second
    heartbeat.timeout.connect(lambda: None)
    heartbeat.start(250)


def __getattr__(name: str) -> Any:
    if name == "Application":  # kept importable from here; it lives in planner_desktop.application
        from planner_desktop.application import Application

        return Application
    raise AttributeError(name)


if __name__ == "__main__":
    raise SystemExit(main())
