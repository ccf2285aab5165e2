"""planner-server: run | migrate | create-admin | seed-demo | worker | copy-data; --version."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import logging
import sys
from datetime import tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import ValidationError

import planner_server
from planner_server.config import ConfigError, Settings
from planner_shared.errors import DomainError

log = logging.getLogger("planner_server")


def _settings() -> Settings:
    try:
        settings = Settings()
        settings.resolve_secret_key()
    except ValidationError as error:
        raise ConfigError("; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}"
                                    for e in error.errors())) from None
    return settings


def cmd_run(args: argparse.Namespace) -> None:
    import uvicorn

    settings = _settings()
    if args.workers > 1 and not settings.is_postgres:
        raise ConfigError("Several workers need PostgreSQL (DATABASE_URL=postgresql://...); "
                          "SQLite serves one process.")
    if args.workers > 1 and settings.should_migrate_on_start:
        from planner_server import migrate
        migrate.upgrade(settings.effective_database_url)
    print(f"Consultation Planner server on http://{args.host}:{args.port}/api/v1/swagger/ "
          f"({_describe(settings)})", flush=True)
    uvicorn.run("planner_server.main:app_factory", factory=True, host=args.host, port=args.port,
                workers=args.workers, log_level=args.log_level, access_log=args.access_log)


def cmd_worker(args: argparse.Namespace) -> None:
    """Deliver the outbox's email in this process (the sender leads when no other one does)."""
    import os

    from planner_server.notifications.worker import serve

    settings = _settings()
    if settings.should_migrate_on_start:
        from planner_server import migrate
        migrate.upgrade(settings.effective_database_url)
    if args.nice and hasattr(os, "nice"):
        os.nice(args.nice)  # delivery yields the CPU to the servers on the same machine
    print(f"Consultation Planner mail worker ({settings.effective_email_backend} backend, "
          f"{_describe(settings)})", flush=True)
    asyncio.run(serve(settings))


def cmd_migrate(_: argparse.Namespace) -> None:
    from planner_server import migrate

    settings = _settings()
    migrate.upgrade(settings.effective_database_url)
    print(f"Database is up to date ({_describe(settings)}).")


def cmd_create_admin(args: argparse.Namespace) -> None:
    from planner_server import migrate
    from planner_server.context import ServerContext
    from planner_server.users.service import register
    from planner_shared.enums import Role
    from planner_shared.schemas import UserCreate

    settings = _settings()
    email = args.email or input("Email: ").strip()
    password = args.password or _ask_password()
    try:
        data = UserCreate(first_name=args.first_name or (None if args.email else input("First name: "))
                          or "Admin", last_name=args.last_name or "Administrator",
                          middle_name=args.middle_name or "", email=email, role=Role.CLIENT,
                          password=password)
    except ValidationError as error:
        raise ConfigError("; ".join(e["msg"].removeprefix("Value error, ") for e in error.errors())) \
            from None
    migrate.upgrade(settings.effective_database_url)

    async def create() -> dict[str, Any]:
        context = ServerContext.from_settings(settings)
        try:
            async with context.db.session() as session:
                return await register(session=session, data=data, role=Role.ADMIN, is_staff=True)
        finally:
            await context.db.dispose()

    user = asyncio.run(create())
    print(f"Administrator {user['email']} created (id {user['id']}).")


def cmd_seed_demo(args: argparse.Namespace) -> None:
    """Fill an empty database with the demo population (as ``planner --demo`` does its own)."""
    from planner_server import migrate
    from planner_server.db import Database
    from planner_server.demo import seed_demo
    from planner_shared import demo

    settings = _settings()
    zone = _time_zone(args.time_zone)
    migrate.upgrade(settings.effective_database_url)

    async def seed() -> bool:
        db = Database(settings.effective_database_url, pool_size=1)
        try:
            return await seed_demo(db, zone=zone)
        finally:
            await db.dispose()

    if not asyncio.run(seed()):
        print(f"The database already has users; the demo fills an empty one only ({_describe(settings)}).")
        return
    print(f"Demo population written ({_describe(settings)}). Accounts:\n{demo.credentials_text()}")


def cmd_copy_data(args: argparse.Namespace) -> None:
    """Copy a built-in server's data into an empty team database (planner_server.copydata)."""
    from sqlalchemy.exc import DBAPIError

    from planner_server.copydata import CopyRefused, copy_data

    try:
        copied = copy_data(args.source, args.target, source_key_file=args.source_key_file,
                           keep_unreadable=args.keep_unreadable)
    except DBAPIError as error:
        reason = str(error.orig).strip().splitlines()[0] if error.orig else type(error).__name__
        raise CopyRefused(f"cannot use the database: {reason}") from None
    print("Copied " + ", ".join(f"{count} {name}" for name, count in copied.counts.items()) + ".")
    if copied.resealed:
        print(f"The {copied.resealed} calendar passwords and feed tokens were sealed again with this "
              "SECRET_KEY: run the team server with the same one, or it cannot read them.")
    if copied.unreadable:
        print("Copied as they were, which the team server cannot read: " + "; ".join(copied.unreadable)
              + ". Those specialists connect their calendars again (the team server asks them to); "
              "those subscriptions keep working, but to see their address again a user turns the "
              "subscription on again, which gives a new one.", file=sys.stderr)
    print("Desktops now connect with: planner --server URL-of-the-team-server")


def _time_zone(name: str | None) -> tzinfo | None:
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"Unknown time zone {name!r} (an IANA name such as Europe/Berlin).") from None


def _ask_password() -> str:
    while True:
        first = getpass.getpass("Password: ")
        if first == getpass.getpass("Password (again): "):
            return first
        print("The passwords differ; try again.", file=sys.stderr)


def _describe(settings: Settings) -> str:
    url = settings.effective_database_url
    if settings.is_postgres:
        return "PostgreSQL at " + url.split("@")[-1]
    return "SQLite file " + url.removeprefix("sqlite:///")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="planner-server",
        description="The Consultation Planner server. Configure it with environment variables "
                    "(DATABASE_URL, SECRET_KEY, PLANNER_DATA_DIR, EMAIL_*) or an .env file.")
    parser.add_argument("--version", action="version", version=f"planner-server {planner_server.__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = commands.add_parser("run", help="serve the API (uvicorn)")
    run.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    run.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    run.add_argument("--workers", type=int, default=1, help="server processes (PostgreSQL only)")
    run.add_argument("--log-level", default="info", choices=["debug", "info", "warning", "error"])
    run.add_argument("--no-access-log", dest="access_log", action="store_false",
                     help="do not log every request")
    run.set_defaults(handler=cmd_run)

    mig = commands.add_parser("migrate", help="create or upgrade the database schema")
    mig.set_defaults(handler=cmd_migrate)

    worker = commands.add_parser("worker", help="deliver email from the outbox (a separate process)")
    worker.add_argument("--nice", type=int, default=10,
                        help="lower this process's CPU priority by this much (default 10; 0 keeps it)")
    worker.set_defaults(handler=cmd_worker)

    admin = commands.add_parser("create-admin", help="create an administrator account")
    admin.add_argument("--email", help="the administrator's email (asked for if absent)")
    admin.add_argument("--password", help="the password (asked for if absent)")
    admin.add_argument("--first-name", default="")
    admin.add_argument("--last-name", default="")
    admin.add_argument("--middle-name", default="")
    admin.set_defaults(handler=cmd_create_admin)

    seed = commands.add_parser("seed-demo", help="fill an empty database with the demo accounts and slots")
    seed.add_argument("--time-zone", metavar="NAME",
                      help="lay the slots out in this zone's working hours, e.g. Europe/Berlin "
                           "(default: this machine's)")
    seed.set_defaults(handler=cmd_seed_demo)

    copy = commands.add_parser(
        "copy-data", help="copy a built-in server's data into an empty team database",
        description="Copy a built-in server's data (users, slots, history, outbox, calendar "
                    "connections and busy times, calendar subscriptions, audit trail) into an empty, "
                    "migrated team database, in one transaction. Calendar passwords and feed tokens "
                    "are stored sealed with the built-in server's own key (the secret_key file beside "
                    "its SQLite file), which the team server does not have: copy-data opens them with "
                    "it and seals them again with SECRET_KEY, read from the environment or .env as "
                    "planner-server run reads it, so set SECRET_KEY to the team server's key first. "
                    "If a secret cannot be opened, nothing is copied unless --keep-unreadable-secrets "
                    "is given.")
    copy.add_argument("--from", dest="source", required=True, metavar="sqlite:///PATH",
                      help="the built-in server's SQLite file (server/planner.sqlite3 in the desktop's data)")
    copy.add_argument("--to", dest="target", required=True, metavar="postgresql://…",
                      help="the team database: migrated (planner-server migrate) and empty")
    copy.add_argument("--from-secret-file", dest="source_key_file", type=Path, metavar="PATH",
                      help="the built-in server's key, which sealed its calendar passwords and feed "
                           "tokens (default: the secret_key file beside the SQLite file)")
    copy.add_argument("--keep-unreadable-secrets", dest="keep_unreadable", action="store_true",
                      help="copy the secrets that key cannot open (it is lost) as they are, naming "
                           "their owners: the team server cannot read them, so those specialists "
                           "connect their calendars again")
    copy.set_defaults(handler=cmd_copy_data)
    return parser



def main(argv: list[str] | None = None) -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)  # start-up chatter
    args = build_parser().parse_args(argv)
    try:
        args.handler(args)
    except KeyboardInterrupt:
        raise SystemExit(130) from None
    except Exception as error:
        message = _operator_message(error)
        if message is None:
            raise
        print(f"planner-server: {message}", file=sys.stderr)
        raise SystemExit(2) from None


def _operator_message(error: Exception) -> str | None:
    """The sentence for a failure of the setting rather than of the program (None: show the traceback)."""
    if isinstance(error, ConfigError):
        return str(error)
    if isinstance(error, DomainError):  # e.g. create-admin with an email that is taken
        return error.detail
    from sqlalchemy.exc import DBAPIError

    if isinstance(error, DBAPIError):  # unreachable server, unknown database, refused login, ...
        reason = str(error.orig).strip().splitlines()[0] if error.orig else type(error).__name__
        return f"cannot use the database ({_describe(Settings())}): {reason}"
    return None


if __name__ == "__main__":
    main()
