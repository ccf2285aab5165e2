"""JWT access and refresh tokens (PyJWT, HS256)."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Literal, NamedTuple

import jwt

from planner_shared.errors import Unauthorized
from planner_shared.rules import MAX_ID, utcnow

TokenType = Literal["access", "refresh"]
ALGORITHM = "HS256"
VERIFIED_TOKENS_KEPT = 10_000  # the oldest is forgotten first


class TokenSubject(NamedTuple):
    """What a verified token says: its user, the user's token generation when it was issued (a
    password change or an ended session raises the user's, and every older token is refused), its
    type, its id and its expiry."""

    user_id: int
    generation: int
    token_type: str
    jti: str
    expires: float

    @property
    def expires_at(self) -> datetime:
        return datetime.fromtimestamp(self.expires, tz=timezone.utc)


@dataclass(frozen=True)
class TokenIssuer:
    secret: str
    access_lifetime: timedelta
    refresh_lifetime: timedelta
    _verified: dict[str, TokenSubject] = field(default_factory=dict, compare=False, repr=False)

    def issue(self, user_id: int, token_type: TokenType, generation: int = 0) -> str:
        now = utcnow()
        lifetime = self.access_lifetime if token_type == "access" else self.refresh_lifetime
        claims = {"sub": str(user_id), "token_type": token_type, "iat": now, "exp": now + lifetime,
                  "jti": uuid.uuid4().hex, "gen": generation}
        return jwt.encode(claims, self.secret, algorithm=ALGORITHM)

    def user_id(self, token: str, *, expected: TokenType | None = None) -> int:
        """The user a valid token names; Unauthorized for anything else."""
        return self.subject(token, expected=expected).user_id

    def subject(self, token: str, *, expected: TokenType | None = None) -> TokenSubject:
        """What a valid token says; Unauthorized for anything else.

        A desktop sends the same token with every request until it expires: a token whose
        signature was verified is remembered (its user, type and expiry), so that only its expiry
        is checked again.
        """
        known = self._verified.get(token)
        if known is not None and known.expires > time.time():
            subject = known
        else:
            subject = self._verify(token)
            self._verified[token] = subject
            while len(self._verified) > VERIFIED_TOKENS_KEPT:
                self._verified.pop(next(iter(self._verified)), None)
        if expected is not None and subject.token_type != expected:
            article = "An" if expected == "access" else "A"
            raise Unauthorized(f"{article} {expected} token is needed here.", code="token_not_valid")
        return subject

    def _verify(self, token: str) -> TokenSubject:
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
        generation = claims.get("gen", 0)  # tokens issued before generations were: the first
        if type(generation) is not int or not 0 <= generation <= MAX_ID:
            raise Unauthorized("The token is invalid.", code="token_not_valid")
        try:
            return TokenSubject(int(subject), generation, str(claims["token_type"]),
                                str(claims.get("jti", "")), float(claims["exp"]))
        except (TypeError, ValueError):
            raise Unauthorized("The token is invalid.", code="token_not_valid") from None
