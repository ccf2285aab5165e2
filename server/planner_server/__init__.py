"""The Consultation Planner server: the /api/v1 contract over SQLite or PostgreSQL."""

from typing import Any


def __getattr__(name: str) -> Any:
    if name == "__version__":  # read on demand: the metadata lookup costs a few milliseconds
        from planner_shared.version import SERVER, version_of

        return version_of(SERVER)
    raise AttributeError(name)
