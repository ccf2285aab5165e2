"""Consultation Planner desktop application (PySide6): sign in, then the window for your role."""

from typing import Any


def __getattr__(name: str) -> Any:
    if name == "__version__":  # read on demand: the metadata lookup costs a few milliseconds
        from planner_shared.version import DESKTOP, version_of

        return version_of(DESKTOP)
    raise AttributeError(name)
