"""The installed version of a part of Consultation Planner (they are released together, at one version).

Read from the distribution's metadata (a wheel, an editable install, or the standalone bundle, which
carries the metadata); running from a source tree that was never installed, from its VERSION file.
"""

from __future__ import annotations

import functools
from importlib import metadata
from pathlib import Path

SHARED, SERVER, DESKTOP = "consultation-planner-shared", "consultation-planner-server", "consultation-planner"
VERSION_FILE = Path(__file__).resolve().parents[2] / "VERSION"  # in a source tree (the repository)


@functools.cache
def version_of(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        if VERSION_FILE.is_file():
            return VERSION_FILE.read_text(encoding="utf-8").strip()
        return "0+unknown"
