"""Secrets kept at rest: Fernet (AES-128-CBC + HMAC-SHA256) with a key derived from SECRET_KEY by
HKDF, one key per purpose. Replacing SECRET_KEY makes what was stored unreadable: the specialist
connects the calendar again and turns the feed on again."""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

SECRETS_PURPOSE = "calendar-secrets"  # the box of the calendar passwords and the feed tokens


class SecretBox:
    def __init__(self, secret_key: str, purpose: str) -> None:
        key = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"consultation-planner",
                   info=purpose.encode()).derive(secret_key.encode())
        self._fernet = Fernet(base64.urlsafe_b64encode(key))

    def seal(self, text: str) -> str:
        return self._fernet.encrypt(text.encode()).decode()

    def open(self, sealed: str) -> str | None:
        """The text, or None when it was sealed with another SECRET_KEY (or tampered with)."""
        try:
            return self._fernet.decrypt(sealed.encode()).decode()
        except InvalidToken:
            return None


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
