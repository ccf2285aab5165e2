"""Cold start of the desktop application, offscreen: ``python -m bench.desktop_start [--runs N]``.

Every figure is a fresh Python process, timed from just before it is spawned:

- ``qt_import``: ``python -c "import PySide6.QtWidgets"`` — the floor any Qt application pays;
- ``sign_in_dialog``: ``planner --server URL`` until the sign-in dialog is shown (no built-in server);
- ``embedded_first_run``: ``planner`` on a new profile until the dialog is shown *and* the built-in
  server answers (creates the database and applies the migrations);
- ``embedded_start``: the same on that existing profile — the everyday start (target: under 2 s);
- ``to_role_window``: ``planner --demo`` on an existing demo profile, signing in as soon as the
  dialog shows, until the specialist's window is shown with its data;
- with ``--bundle dist/planner/planner`` (``make dist``): ``bundle_embedded_first_run`` and
  ``bundle_embedded_start``, the same two moments for the standalone bundle, read from its log.

Prints one JSON object: the median and every run of each, in seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_SECONDS = 2.0


def _spawn(args: list[str]) -> float:
    """Seconds from spawning a process to the moment it reports (or exits, for plain commands)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "BENCH_T0": repr(time.time())}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, *args], env=env, capture_output=True, text=True, timeout=120,
                          check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{args} failed:\n{done.stderr[-2000:]}")
    for line in done.stdout.splitlines():
        if line.startswith("BENCH "):
            return float(line.split()[1])
    return elapsed


def _spawn_bundle(bundle: str, data_dir: str) -> float:
    """Seconds from spawning the bundle until its log says the dialog is shown and the server ready."""
    log = Path(data_dir) / "planner.log"
    before = log.stat().st_size if log.exists() else 0
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    started = time.perf_counter()
    process = subprocess.Popen([bundle, "--data-dir", data_dir, "--language", "en"],
                               env={**env, "QT_QPA_PLATFORM": "offscreen"},
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while time.perf_counter() - started < 120 and process.poll() is None:
            text = log.read_bytes()[before:] if log.exists() else b""
            if b"shown: signInDialog" in text and b"built-in server ready" in text:
                return time.perf_counter() - started
            time.sleep(0.005)
        raise RuntimeError(f"{bundle} did not start (exit code {process.poll()}); see {log}")
    finally:
        process.terminate()
        process.wait(30)


def _child(mode: str, data_dir: str) -> None:
    """Inside the measured process: run ``planner`` (its ``main``) and report the moment wanted."""
    t0 = float(os.environ["BENCH_T0"])
    from planner_desktop import app as entry

    argv = ["--data-dir", data_dir, "--language", "en"]
    if mode == "dialog":
        argv += ["--server", "http://127.0.0.1:9"]
    if mode == "window":
        argv += ["--demo"]
    original = entry.quit_on_signals

    def watch(qapp):  # type: ignore[no-untyped-def]
        """main() calls this just before showing the first window: start watching from there."""
        from PySide6.QtCore import QTimer

        from planner_desktop.application import Application
        from planner_shared.demo import DEMO_PASSWORD, SPECIALISTS

        original(qapp)
        app = qapp.findChildren(Application)[0]
        state = {"signed": False}

        def report() -> None:
            print(f"BENCH {time.time() - t0:.4f}", flush=True)
            qapp.quit()

        def check() -> None:
            dialog_shown = app.dialog is not None and app.dialog.isVisible()
            embedded = app.servers.embedded
            ready = embedded is not None and embedded.running
            if mode == "dialog" and dialog_shown:
                return report()
            if mode == "embedded" and dialog_shown and ready:
                return report()
            if mode == "window":
                if ready and dialog_shown and not state["signed"]:
                    state["signed"] = True
                    app.dialog.email_edit.setText(SPECIALISTS[0].email)
                    app.dialog.password_edit.setText(DEMO_PASSWORD)
                    app.dialog.submit_sign_in()
                shell, session = app.shell, app.session
                if shell is not None and shell.isVisible() and session is not None and len(session.store):
                    return report()
            QTimer.singleShot(2, check)

        QTimer.singleShot(0, check)

    entry.quit_on_signals = watch
    entry.main(argv)


def measure(runs: int, bundle: str | None = None) -> dict[str, object]:
    results: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="planner-bench-") as tmp:
        me = ["-m", "bench.desktop_start", "--child"]
        for i in range(runs):
            results.setdefault("qt_import", []).append(_spawn(["-c", "import PySide6.QtWidgets"]))
            results.setdefault("sign_in_dialog", []).append(
                _spawn([*me, "dialog", "--data-dir", f"{tmp}/dialog"]))
            results.setdefault("embedded_first_run", []).append(
                _spawn([*me, "embedded", "--data-dir", f"{tmp}/fresh{i}"]))
            results.setdefault("embedded_start", []).append(
                _spawn([*me, "embedded", "--data-dir", f"{tmp}/fresh{i}"]))
            if bundle:
                results.setdefault("bundle_embedded_first_run", []).append(
                    _spawn_bundle(bundle, f"{tmp}/bundle{i}"))
                results.setdefault("bundle_embedded_start", []).append(
                    _spawn_bundle(bundle, f"{tmp}/bundle{i}"))
        _spawn([*me, "window", "--data-dir", f"{tmp}/demo"])  # writes the demo population once
        results["to_role_window"] = [_spawn([*me, "window", "--data-dir", f"{tmp}/demo"])
                                     for _ in range(runs)]
    report: dict[str, object] = {name: {"median": round(statistics.median(values), 3),
                                        "runs": [round(v, 3) for v in values]}
                                 for name, values in results.items()}
    report["target_embedded_start_seconds"] = TARGET_SECONDS
    report["embedded_start_within_target"] = statistics.median(results["embedded_start"]) < TARGET_SECONDS
    report["python"] = sys.version.split()[0]
    report["cpus"] = os.cpu_count()
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--bundle", metavar="PATH", help="also the standalone bundle (dist/planner/planner)")
    parser.add_argument("--child", choices=["dialog", "embedded", "window"], help=argparse.SUPPRESS)
    parser.add_argument("--data-dir", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        _child(options.child, options.data_dir)
        return
    print(json.dumps(measure(options.runs, options.bundle), indent=2))


if __name__ == "__main__":
    main()
