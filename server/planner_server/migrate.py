"""Apply the Alembic migrations that ship inside this package, then the change log's triggers
(generated from the code, so re-created whenever the schema is brought up to date)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str) -> None:
    """Bring the database at ``url`` to the newest schema (every branch head).

    A new SQLite file may live in a folder that does not exist yet (the data folder on a fresh
    machine): the folder is created first.
    """
    from planner_server.db import sqlite_path

    path = sqlite_path(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    command.upgrade(alembic_config(url), "heads")
    install_triggers(url)


def install_triggers(url: str) -> None:
    from sqlalchemy import create_engine, pool

    from planner_server.db import normalise_url
    from planner_server.sync import recorder

    engine = create_engine(normalise_url(url, asynchronous=False), poolclass=pool.NullPool)
    try:
        with engine.begin() as connection:
            recorder.install(connection)
    finally:
        engine.dispose()
