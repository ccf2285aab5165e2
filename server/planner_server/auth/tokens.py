"""JWT access and refresh tokens (PyJWT, HS256)."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Literal

import jwt

from planner_shared.errors import Unauthorized
from planner_shared.rules import MAX_ID, utcnow

TokenType = Literal["access", "refresh"]
ALGORITHM = "HS256"
VERIFIED_TOKENS_KEPT = 10_000  # the oldest is forgotten first


@dataclass(frozen=True)
class TokenIssuer:
    secret: str
    access_lifetime: timedelta
    refresh_lifetime: timedelta
    _verified: dict[str, tuple[int, str, float]] = field(default_factory=dict, compare=False, repr=False)

    def issue(self, user_id: int, token_type: TokenType) -> str:
        now = utcnow()
        lifetime = self.access_lifetime if token_type == "access" else self.refresh_lifetime
        claims = {"sub": str(user_id), "token_type": token_type, "iat": now, "exp": now + lifetime,
                  "jti": uuid.uuid4().hex}
        return jwt.encode(claims, self.secret, algorithm=ALGORITHM)

    def user_id(self, token: str, *, expected: TokenType | None = None) -> int:
        """The user a valid token names; Unauthorized for anything else.

        A desktop sends the same token with every request until it expires: a token whose
        signature was verified is remembered (its user, type and expiry), so that only its expiry
        is checked again.
        """
        known = self._verified.get(token)
        if known is not None and known[2] > time.time():
            user_id, token_type, _ = known
        else:
            user_id, token_type, expires = self._verify(token)
            self._verified[token] = (user_id, token_type, expires)
            while len(self._verified) > VERIFIED_TOKENS_KEPT:
                self._verified.pop(next(iter(self._verified)), None)
        if expected is not None and token_type != expected:
            article = "An" if expected == "access" else "A"
            raise Unauthorized(f"{article} {expected} token is needed here.", code="token_not_valid")
        return user_id

    def _verify(self, token: str) -> tuple[int, str, float]:
        try:
            claims = jwt.decode(token, self.secret, algorithms=[ALGORITHM],
                                options={"require": ["exp", "sub", "token_type"]})
        except jwt.ExpiredSignatureError:
            raise Unauthorized("The token has expired; sign in again.", code="token_not_valid") from None
        except jwt.PyJWTError:
            raise Unauthorized("The token is invalid.", code="token_not_valid") from None
        subject = claims["sub"]
        # only the ids this issuer writes: anything else names no user (and no query is made for it)
        if not (isinstance(subject, str) and subject.isascii() and subject.isdigit()
                and 1 <= int(subject) <= MAX_ID and str(int(subject)) == subject):
            raise Unauthorized("The token is invalid.", code="token_not_valid")
        try:
            return int(subject), str(claims["token_type"]), float(claims["exp"])
        except (TypeError, ValueError):
            raise Unauthorized("The token is invalid.", code="token_not_valid") from None
