"""What one running server holds: settings, database, token issuer, throttle, wake-ups."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from planner_server.auth.throttle import LoginThrottle
from planner_server.auth.tokens import TokenIssuer
from planner_server.config import Settings
from planner_server.db import Database


@dataclass
class ServerContext:
    settings: Settings
    db: Database
    tokens: TokenIssuer
    throttle: LoginThrottle
    extras: dict[str, Any] = field(default_factory=dict)  # per-feature runtime objects
    # Called whenever the data may have changed (this process's commits at once, other processes'
    # by the change feed): what a process keeps of the data is stale. None while nothing tells.
    change_hooks: list[Callable[[], None]] | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> ServerContext:
        db = Database(settings.effective_database_url, pool_size=settings.db_pool_size)
        return cls(
            settings=settings,
            db=db,
            tokens=TokenIssuer(
                secret=settings.resolve_secret_key(),
                access_lifetime=timedelta(minutes=settings.access_token_minutes),
                refresh_lifetime=timedelta(days=settings.refresh_token_days),
            ),
            throttle=LoginThrottle(
                db=db,
                per_account=settings.login_max_failures,
                per_address=settings.login_max_failures_per_address,
                window_seconds=settings.login_window_seconds,
            ),
        )
