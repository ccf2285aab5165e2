"""What people install, installed and started as they would: the server part alone in a fresh virtual
environment (no Qt, no keyring), and what `make dist` built (the three wheels, and the standalone
desktop bundle started offscreen with the demo, without the Python of the repository).

The bundle must have been built first (`make dist`; CI's .ci/run does): without it its tests are
skipped with that reason, and fail in CI (CI=true).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import venv
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from bench._server import free_port
from planner_shared.demo import DEMO_PASSWORD, SPECIALISTS

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
VERSION = (ROOT / "VERSION").read_text().strip()
DIST = ROOT / "dist"
BUNDLE = DIST / "planner"
BUILD_ENV = ROOT / "build" / "dist-env" / "bin"
IN_CI = os.environ.get("CI", "").lower() == "true"
QT_PACKAGES = re.compile(r"^(pyside6|shiboken6|keyring)", re.IGNORECASE)


def _clean_env(**extra: str) -> dict[str, str]:
    """This machine's environment without the test run's Python (no virtual environment, no paths)."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PYTHON", "VIRTUAL_ENV", "PLANNER_", "DATABASE_URL", "SECRET_KEY"))}
    env["PATH"] = "/usr/bin:/bin"
    return {**env, **extra}


def _until(condition: Callable[[], object], timeout: float, what: str) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def _ready(url: str) -> bool:
    try:
        return httpx.get(url + "/readyz", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def _need_dist() -> None:
    if not (BUNDLE / "planner").exists():
        message = f"no bundle at {BUNDLE}: run `make dist` first"
        if IN_CI:
            pytest.fail(message + " (.ci/run builds it before the tests)")
        pytest.skip(message)


@contextmanager
def _stopped_at_the_end(process: subprocess.Popen[str]) -> Iterator[subprocess.Popen[str]]:
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(10)


def test_the_server_part_installs_without_qt_and_serves(tmp_path: Path) -> None:
    """pip install of consultation-planner-server, by name from its wheels, in a fresh environment."""
    source = tmp_path / "source"  # build from a copy: setuptools writes build/ beside the sources
    for part in ("shared", "server"):
        shutil.copytree(ROOT / part, source / part, ignore=shutil.ignore_patterns("build", "*.egg-info",
                                                                                   "__pycache__"))
    shutil.copy(ROOT / "VERSION", source / "VERSION")
    wheels, env_dir = tmp_path / "wheels", tmp_path / "env"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(wheels),
                    "./shared", "./server"], cwd=source, check=True, timeout=300)
    venv.create(env_dir, with_pip=True)
    python = str(env_dir / "bin" / "python")
    subprocess.run([python, "-m", "pip", "install", "--quiet", "--find-links", str(wheels),
                    "consultation-planner-server"], check=True, timeout=600, env=_clean_env())
    listed = subprocess.run([python, "-m", "pip", "list", "--format", "freeze"], capture_output=True,
                            text=True, check=True, env=_clean_env()).stdout.splitlines()
    names = [line.split("==")[0] for line in listed]
    assert f"consultation-planner-server=={VERSION}" in listed
    assert [n for n in names if QT_PACKAGES.match(n)] == []
    assert not (env_dir / "bin" / "planner").exists()

    command = str(env_dir / "bin" / "planner-server")
    assert subprocess.run([command, "--version"], capture_output=True, text=True, env=_clean_env(),
                          check=True).stdout.strip() == f"planner-server {VERSION}"
    port = free_port()
    process = subprocess.Popen([command, "run", "--port", str(port)], cwd=tmp_path, text=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               env=_clean_env(PLANNER_DATA_DIR=str(tmp_path / "data")))
    with _stopped_at_the_end(process):
        url = f"http://127.0.0.1:{port}"
        _until(lambda: _ready(url) or process.poll() is not None, 60, "/readyz")
        assert process.poll() is None, process.stderr.read() if process.stderr else ""
        assert httpx.get(url + "/healthz").json() == {"status": "ok", "version": VERSION}
        process.send_signal(signal.SIGTERM)
        assert process.wait(30) in (0, -signal.SIGTERM)  # uvicorn ends by the signal it shut down on


def test_make_dist_built_the_wheels_and_the_desktop_gives_both_commands() -> None:
    _need_dist()
    wheels = sorted(p.name for p in DIST.glob(f"consultation_planner*-{VERSION}-*.whl"))
    assert [w.split("-")[0] for w in wheels] == ["consultation_planner", "consultation_planner_server",
                                                 "consultation_planner_shared"]
    for command in ("planner", "planner-server"):  # the build environment installed the desktop by name
        done = subprocess.run([str(BUILD_ENV / command), "--version"], capture_output=True, text=True,
                              env=_clean_env(QT_QPA_PLATFORM="offscreen"), timeout=60)
        assert done.stdout.strip() == f"{command} {VERSION}", done.stderr


def test_the_bundle_starts_serves_and_quits_cleanly(tmp_path: Path) -> None:
    """`planner --demo` from the bundle, offscreen: the built-in server answers, the sign-in dialog
    shows, a demo user signs in, the demo's email is written through the templates, SIGTERM quits."""
    _need_dist()
    data, log = tmp_path / "profile", tmp_path / "profile" / "planner.log"
    started = time.monotonic()
    process = subprocess.Popen([str(BUNDLE / "planner"), "--demo", "--data-dir", str(data),
                                "--language", "en"], cwd=tmp_path, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env=_clean_env(QT_QPA_PLATFORM="offscreen"))
    with _stopped_at_the_end(process):
        def logged(pattern: str) -> re.Match[str] | None:
            if process.poll() is not None:
                raise AssertionError(f"the bundle exited ({process.returncode}): {process.stderr.read()}")
            return re.search(pattern, log.read_text()) if log.exists() else None

        ready = _until(lambda: logged(r"built-in server ready at (http://\S+)"), 120, "the built-in server")
        _until(lambda: logged(r"shown: signInDialog"), 60, "the sign-in dialog")
        cold_start = time.monotonic() - started
        assert isinstance(ready, re.Match)
        url = ready.group(1)
        assert _ready(url)
        assert httpx.get(url + "/healthz").json() == {"status": "ok", "version": VERSION}
        signed = httpx.post(url + "/api/v1/auth/jwt/create/",
                            json={"email": SPECIALISTS[0].email, "password": DEMO_PASSWORD})
        assert signed.status_code == 200, signed.text  # argon2 and the migrated, seeded database
        outbox = data / "server" / "outbox"
        _until(lambda: outbox.is_dir() and any(outbox.glob("*.eml")), 60, "the demo's email")

        pythons = {line.split()[-1] for line in Path(f"/proc/{process.pid}/maps").read_text().splitlines()
                   if "libpython" in line}
        assert pythons and all(p.startswith(str(BUNDLE)) for p in pythons), pythons  # its own Python only
        qm = BUNDLE / "_internal" / "planner_desktop" / "resources" / "translations" / "planner_ru.qm"
        packaged = ROOT / "desktop" / "planner_desktop" / "resources" / "translations" / "planner_ru.qm"
        assert qm.read_bytes() == packaged.read_bytes()

        process.send_signal(signal.SIGTERM)
        assert process.wait(30) == 0
    text = log.read_text()
    assert "ERROR" not in text and "Traceback" not in text, text
    size = sum(p.stat().st_size for p in BUNDLE.rglob("*") if p.is_file() and not p.is_symlink())
    print(f"\nbundle: {size / 1e6:.0f} MB; cold start to the dialog and a ready built-in server "
          f"(first run, migrations and demo included): {cold_start:.2f} s")
