"""JWT access and refresh tokens (PyJWT, HS256)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

import jwt

from planner_shared.errors import Unauthorized
from planner_shared.rules import utcnow

TokenType = Literal["access", "refresh"]
ALGORITHM = "HS256"


@dataclass(frozen=True)
class TokenIssuer:
    secret: str
    access_lifetime: timedelta
    refresh_lifetime: timedelta

    def issue(self, user_id: int, token_type: TokenType) -> str:
        now = utcnow()
        lifetime = self.access_lifetime if token_type == "access" else self.refresh_lifetime
        claims = {"sub": str(user_id), "token_type": token_type, "iat": now, "exp": now + lifetime,
                  "jti": uuid.uuid4().hex}
        return jwt.encode(claims, self.secret, algorithm=ALGORITHM)

    def user_id(self, token: str, *, expected: TokenType | None = None) -> int:
        """The user a valid token names; Unauthorized for anything else."""
        try:
            claims = jwt.decode(token, self.secret, algorithms=[ALGORITHM],
                                options={"require": ["exp", "sub", "token_type"]})
        except jwt.ExpiredSignatureError:
            raise Unauthorized("The token has expired; sign in again.", code="token_not_valid") from None
        except jwt.PyJWTError:
            raise Unauthorized("The token is invalid.", code="token_not_valid") from None
        if expected is not None and claims.get("token_type") != expected:
            raise Unauthorized(f"An {expected} token is needed here.", code="token_not_valid")
        try:
            return int(claims["sub"])
        except (TypeError, ValueError):
            raise Unauthorized("The token is invalid.", code="token_not_valid") from None
