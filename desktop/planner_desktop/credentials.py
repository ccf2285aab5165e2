""""Remember me": the refresh token in the system keyring, where the system has one.

Keyring back ends talk to other processes or the disk: call these from a worker thread.
Without a usable keyring nothing is remembered, and the sign-in dialog says so.
"""

from __future__ import annotations

import contextlib
import logging

import keyring
from keyring.errors import KeyringError

from planner_shared.rules import normalise_email

SERVICE = "consultation-planner"
log = logging.getLogger("planner_desktop")


def _account(server_key: str, email: str) -> str:
    return f"{server_key}|{normalise_email(email)}"


def keyring_available() -> bool:
    """Whether a real keyring is there (not the 'fail' or 'null' stand-ins)."""
    try:
        backend = keyring.get_keyring()
    except Exception:  # a broken keyring configuration must not stop the application
        log.warning("keyring unusable", exc_info=True)
        return False
    module = type(backend).__module__
    return not module.startswith(("keyring.backends.fail", "keyring.backends.null")) \
        and getattr(backend, "priority", 1) > 0


def save_token(server_key: str, email: str, token: str) -> bool:
    try:
        keyring.set_password(SERVICE, _account(server_key, email), token)
    except (KeyringError, RuntimeError, OSError):
        log.warning("could not keep the sign-in in the keyring", exc_info=True)
        return False
    return True


def load_token(server_key: str, email: str) -> str | None:
    try:
        return keyring.get_password(SERVICE, _account(server_key, email))
    except (KeyringError, RuntimeError, OSError):
        log.warning("could not read the keyring", exc_info=True)
        return None


def forget_token(server_key: str, email: str) -> None:
    # nothing kept, or the keyring is gone: either way nothing remains to forget
    with contextlib.suppress(KeyringError, RuntimeError, OSError):
        keyring.delete_password(SERVICE, _account(server_key, email))
