"""The top-level resources/ (icon, desktop entry, AppStream metainfo) and docker-compose.yml, checked by
the platform's own validators: desktop-file-validate (desktop-file-utils), appstreamcli (appstream)
and a compose implementation's ``config``. Without a validator the check is skipped with the reason,
except in CI (CI=true), whose .ci/run installs them."""

from __future__ import annotations

import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
APP_ID = "org.consultationplanner.Planner"
LINUX = ROOT / "resources" / "linux"
DESKTOP_ENTRY = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
IN_CI = os.environ.get("CI", "").lower() == "true"


def _tool(*command: str) -> list[str]:
    if shutil.which(command[0]) is None:
        message = f"{command[0]} is not installed (apt-get install {PACKAGES[command[0]]})"
        if IN_CI:
            pytest.fail(message + "; .ci/run installs it")
        pytest.skip(message)
    return list(command)


PACKAGES = {"desktop-file-validate": "desktop-file-utils", "appstreamcli": "appstream",
            "docker-compose": "docker-compose"}


def _passes(command: list[str], **env: str) -> None:
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120,
                            env={**os.environ, **env})
    assert result.returncode == 0, f"{' '.join(command)}:\n{result.stdout}\n{result.stderr}"


def test_desktop_entry_is_valid() -> None:
    _passes(_tool("desktop-file-validate", str(DESKTOP_ENTRY)))


def test_appstream_metainfo_is_valid() -> None:
    _passes(_tool("appstreamcli", "validate", "--strict", "--no-net", str(METAINFO)))


def test_entry_metainfo_and_icon_agree_with_the_application() -> None:
    from planner_desktop.identity import APP_ID as DESKTOP_FILE_NAME

    assert DESKTOP_FILE_NAME == APP_ID
    entry = dict(line.split("=", 1) for line in DESKTOP_ENTRY.read_text().splitlines() if "=" in line)
    assert entry["Icon"] == APP_ID and entry["Exec"] == "planner"
    component = ET.parse(METAINFO).getroot()
    assert component.findtext("id") == APP_ID
    assert component.findtext("launchable") == DESKTOP_ENTRY.name
    newest = component.find("releases/release")
    assert newest is not None and newest.get("version") == (ROOT / "VERSION").read_text().strip()
    assert (ROOT / "resources" / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").is_file()


def test_package_icons_are_the_rendered_resources() -> None:
    """The desktop package's PNGs are the ones scripts/build_resources.py rendered into resources/."""
    package = ROOT / "desktop" / "planner_desktop" / "resources" / "icons"
    sizes = sorted(int(p.stem) for p in package.glob("*.png"))
    assert sizes == [16, 24, 32, 48, 64, 128, 256, 512]
    for size in sizes:
        source = ROOT / "resources" / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        assert (package / f"{size}.png").read_bytes() == source.read_bytes(), size


def _compose() -> list[str]:
    """``docker compose`` (the plugin) where it is there, else Debian's docker-compose."""
    if shutil.which("docker") and subprocess.run(["docker", "compose", "version"], capture_output=True,
                                                 timeout=30).returncode == 0:
        return ["docker", "compose"]
    return _tool("docker-compose")


def test_compose_file_is_valid() -> None:
    """The compose implementation reads and resolves the whole file (no container is started)."""
    _passes([*_compose(), "--file", "docker-compose.yml", "config", "--quiet"],
            SECRET_KEY="x" * 48)
