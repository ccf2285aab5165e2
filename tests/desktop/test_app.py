"""The ``planner`` entry point: its options, and the built-in server started before the interface."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from planner_desktop.app import build_parser, prestart_server
from planner_desktop.settings import AppSettings


def test_python_m_planner_desktop_answers_help() -> None:
    done = subprocess.run([sys.executable, "-m", "planner_desktop", "--help"], capture_output=True,
                          text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    for option in ("--server", "--data-dir", "--demo", "--language"):
        assert option in done.stdout


def test_the_built_in_server_starts_before_the_interface_when_it_is_the_choice(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert prestart_server(build_parser().parse_args(["--server", "http://x.example"]), tmp_path) is None
    remote = tmp_path / "remote"
    remote.mkdir()
    settings = AppSettings(remote)
    settings.server = "http://planner.example.com"
    settings.sync()
    assert prestart_server(build_parser().parse_args([]), remote) is None  # remembered: a team server

    embedded = prestart_server(build_parser().parse_args([]), tmp_path)  # default: built-in
    try:
        assert embedded.data_dir == tmp_path / "server"
        qtbot.waitUntil(lambda: embedded.running, timeout=30_000)  # started in the background
        assert embedded.start() == embedded.url  # a later start() just returns it
    finally:
        embedded.stop()
