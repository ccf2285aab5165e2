"""Slow salted password hashes (argon2 through the passlib API)."""

from __future__ import annotations

from functools import cache

from passlib.context import CryptContext

_context = CryptContext(schemes=["argon2"], deprecated="auto")


@cache
def _dummy_hash() -> str:
    """Verified when the account does not exist, so a failed login takes as long either way.

    Made on first use rather than at import: hashing is deliberately slow and start-up is not.
    """
    return _context.hash("not-a-real-password-0")


def hash_password(password: str) -> str:
    return _context.hash(password)


def verify_password(password: str, password_hash: str | None) -> bool:
    if password_hash is None:
        _context.verify(password, _dummy_hash())
        return False
    try:
        return _context.verify(password, password_hash)
    except (ValueError, TypeError):
        return False
