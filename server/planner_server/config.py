"""One Settings class for the server, from environment variables or an ``.env`` file."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Literal

import platformdirs
from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

APP_NAME = "consultation-planner"
SECRET_FILE = "secret_key"
MIN_SECRET_LENGTH = 32


class ConfigError(RuntimeError):
    """A setting is missing or wrong; the message tells the operator what to do."""


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    data_dir: Path = Field(default_factory=default_data_dir, alias="PLANNER_DATA_DIR")
    database_url: str = Field(default="", alias="DATABASE_URL")
    secret_key: str = Field(default="", alias="SECRET_KEY")
    migrate_on_start: bool | None = Field(default=None, alias="PLANNER_MIGRATE_ON_START")

    access_token_minutes: int = Field(default=30, alias="ACCESS_TOKEN_MINUTES")
    refresh_token_days: int = Field(default=14, alias="REFRESH_TOKEN_DAYS")

    login_max_failures: int = Field(default=5, alias="LOGIN_MAX_FAILURES")
    login_max_failures_per_address: int = Field(default=30, alias="LOGIN_MAX_FAILURES_PER_ADDRESS")
    login_window_seconds: int = Field(default=900, alias="LOGIN_WINDOW_SECONDS")

    # Accounts (SPEC §9): password reset codes, and how long the audit trail is kept.
    password_reset_minutes: int = Field(default=30, ge=1, alias="PASSWORD_RESET_MINUTES")
    password_reset_max_guesses: int = Field(default=5, ge=1, alias="PASSWORD_RESET_MAX_GUESSES")
    password_reset_per_email: int = Field(default=3, ge=1, alias="PASSWORD_RESET_PER_EMAIL")  # per window
    password_reset_per_address: int = Field(default=10, ge=1, alias="PASSWORD_RESET_PER_ADDRESS")
    audit_keep_days: float = Field(default=365.0, gt=0, alias="AUDIT_KEEP_DAYS")

    db_pool_size: int = Field(default=20, ge=1, alias="DB_POOL_SIZE")

    # Email (SPEC §5, the original's names).
    email_backend: Literal["smtp", "file", "console", ""] = Field(default="", alias="EMAIL_BACKEND")
    email_host: str = Field(default="", alias="EMAIL_HOST")
    email_port: int = Field(default=25, alias="EMAIL_PORT")
    email_host_user: str = Field(default="", alias="EMAIL_HOST_USER")
    email_host_password: str = Field(default="", alias="EMAIL_HOST_PASSWORD")
    email_use_tls: bool = Field(default=False, alias="EMAIL_USE_TLS")
    email_use_ssl: bool = Field(default=False, alias="EMAIL_USE_SSL")
    default_from_email: str = Field(default="planner@localhost", alias="DEFAULT_FROM_EMAIL")
    notification_email: str = Field(default="", alias="NOTIFICATION_EMAIL")
    run_mail_worker: bool = Field(default=True, alias="PLANNER_RUN_MAIL_WORKER")
    # Delivery from the outbox (notifications/): timeouts, retries with backoff, reminders.
    email_timeout: float = Field(default=30.0, gt=0, alias="EMAIL_TIMEOUT")  # for each reply while sending
    # Connecting (TCP, greeting, STARTTLS, login) is bounded apart: a wedged server is given up on soon.
    email_connect_timeout: float = Field(default=10.0, gt=0, alias="EMAIL_CONNECT_TIMEOUT")
    email_connections: int = Field(default=3, ge=1, le=50, alias="EMAIL_CONNECTIONS")  # sent at once
    email_max_attempts: int = Field(default=16, ge=1, alias="EMAIL_MAX_ATTEMPTS")
    email_retry_base_seconds: float = Field(default=5.0, gt=0, alias="EMAIL_RETRY_BASE_SECONDS")
    email_retry_max_seconds: float = Field(default=3600.0, gt=0, alias="EMAIL_RETRY_MAX_SECONDS")
    reminder_hours: float = Field(default=24.0, ge=0, alias="REMINDER_HOURS")  # 0: no reminders
    mail_poll_seconds: float = Field(default=2.0, gt=0, alias="MAIL_POLL_SECONDS")
    mail_batch_size: int = Field(default=20, ge=1, le=1000, alias="MAIL_BATCH_SIZE")
    mail_claim_seconds: float = Field(default=300.0, gt=0, alias="MAIL_CLAIM_SECONDS")
    outbox_keep_days: float = Field(default=30.0, gt=0, alias="OUTBOX_KEEP_DAYS")
    # The specialists' own calendars (calendars/): synced and written back in the background.
    run_calendar_worker: bool = Field(default=True, alias="PLANNER_RUN_CALENDAR_WORKER")
    # The sync feed (sync/): how long changes are kept; older cursors get 410 (take a snapshot).
    sync_keep_days: float = Field(default=30.0, gt=0, alias="SYNC_KEEP_DAYS")
    # A long-poll answered with changes is answered no sooner than this after it arrived (batching):
    # while changes stream, each desktop gets at most about one page per this many milliseconds.
    sync_batch_ms: float = Field(default=20.0, ge=0, le=1000, alias="SYNC_BATCH_MS")

    @field_validator("database_url")
    @classmethod
    def _known_database(cls, value: str) -> str:
        value = value.strip()
        if value and not value.startswith(("sqlite:", "sqlite+", "postgres:", "postgresql:",
                                           "postgresql+")):
            raise ValueError("DATABASE_URL must be sqlite:///PATH or "
                             "postgresql://USER:PASSWORD@HOST:PORT/DATABASE")
        return value

    @property
    def effective_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'planner.sqlite3'}"

    @property
    def is_postgres(self) -> bool:
        return self.effective_database_url.startswith("postgres")

    @property
    def should_migrate_on_start(self) -> bool:
        """The embedded default (SQLite) keeps its schema current by itself."""
        return self.migrate_on_start if self.migrate_on_start is not None else not self.is_postgres

    @property
    def effective_email_backend(self) -> str:
        return self.email_backend or ("smtp" if self.email_host else "file")

    @property
    def outbox_dir(self) -> Path:
        return self.data_dir / "outbox"

    @property
    def notification_copies(self) -> list[str]:
        return self.notification_email.split()

    def resolve_secret_key(self) -> str:
        """The signing key: required on PostgreSQL; generated once and kept for SQLite."""
        if self.secret_key:
            if len(self.secret_key) < MIN_SECRET_LENGTH:
                raise ConfigError(f"SECRET_KEY is too short: use at least {MIN_SECRET_LENGTH} random "
                                  "characters (python -c 'import secrets; print(secrets.token_urlsafe())').")
            return self.secret_key
        if self.is_postgres:
            raise ConfigError("SECRET_KEY is not set. A server on PostgreSQL needs its own secret: "
                              "set SECRET_KEY to at least 32 random characters "
                              "(python -c 'import secrets; print(secrets.token_urlsafe())').")
        path = self.data_dir / SECRET_FILE
        if path.exists():
            return path.read_text().strip()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(48)
        path.write_text(key)
        path.chmod(0o600)
        return key
