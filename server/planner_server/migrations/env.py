"""Alembic environment: runs against the URL the caller put in the config (sync drivers)."""

from alembic import context
from sqlalchemy import create_engine, pool

from planner_server.db import normalise_url
from planner_server.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(connection=connection, target_metadata=target_metadata)
        with context.begin_transaction():
            context.run_migrations()
        return
    url = normalise_url(config.get_main_option("sqlalchemy.url"), asynchronous=False)
    engine = create_engine(url, poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata,
                          render_as_batch=connection.dialect.name == "sqlite")
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline migrations are not supported; run `planner-server migrate`")
run_migrations_online()
