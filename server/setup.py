"""The version and the requirements of this part; pyproject.toml holds the rest of its metadata.

The version is the repository's one ``VERSION`` file (in an sdist, its ``PKG-INFO``), and the other
parts of Consultation Planner are required at exactly that version: they are released together.
"""

from pathlib import Path

from setuptools import setup

HERE = Path(__file__).resolve().parent


def version() -> str:
    repository = HERE.parent / "VERSION"
    if repository.is_file():
        return repository.read_text(encoding="utf-8").strip()
    for line in (HERE / "PKG-INFO").read_text(encoding="utf-8").splitlines():  # building an sdist
        if line.startswith("Version:"):
            return line.partition(":")[2].strip()
    raise SystemExit("no VERSION file in the folder above and no PKG-INFO here")


VERSION = version()
setup(version=VERSION, install_requires=[
    f"consultation-planner-shared=={VERSION}",
    "pydantic>=2.7",
    "fastapi>=0.122",
    "uvicorn[standard]>=0.30",
    "sqlalchemy[asyncio]>=2.1,<2.2",
    "alembic>=1.13",
    "aiosqlite>=0.20",
    "psycopg[binary]>=3.2",
    "pydantic-settings>=2.3",
    "platformdirs>=4.2",
    "tzdata; sys_platform == 'win32'",  # zoneinfo's time zones (Linux and macOS have their own)
    "pyjwt>=2.8",
    "libpass>=1.9",
    "argon2-cffi>=23.1",
    "emails>=0.6",
    "icalendar>=6.0",
    "jinja2>=3.1",
    "orjson>=3.10",
    "caldav>=3.0",  # the specialist's own calendar (calendars/)
    "recurring-ical-events>=3.0",
    "cryptography>=42",  # the calendar's app password, encrypted at rest
])
