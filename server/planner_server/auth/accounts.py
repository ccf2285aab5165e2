"""Passwords changed and reset, sessions ended (SPEC §9).

A session ends by raising the user's token generation: every token carries the generation it was
issued at and every request compares it with the user's row (principal.py), so all of the user's
access and refresh tokens stop at once on every server process. One refresh token alone (signing
out) is ended by its id (RevokedToken).

A reset code is drawn from characters that cannot be mistaken for each other, kept only as an
HMAC keyed with SECRET_KEY, valid PASSWORD_RESET_MINUTES, used once, and dead after
PASSWORD_RESET_MAX_GUESSES wrong guesses (each guess is counted before it is compared).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from sqlalchemy import delete, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.concurrency import run_in_threadpool

from planner_server.audit.service import record
from planner_server.auth.models import PasswordReset, RevokedToken
from planner_server.auth.passwords import hash_password, verify_password
from planner_server.auth.tokens import TokenSubject
from planner_server.context import ServerContext
from planner_server.notifications.models import OutboxMessage
from planner_server.notifications.snapshot import PASSWORD_RESET, Snapshot
from planner_server.principal import Principal, session_ended
from planner_server.users.models import User, may_act
from planner_shared.enums import AuditAction
from planner_shared.errors import Invalid, NotFound, Unauthorized
from planner_shared.rules import normalise_email, utcnow
from planner_shared.schemas import PasswordChange, PasswordResetConfirm, TokenPair

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L
CODE_LENGTH = 8


def new_code() -> str:
    """``K7MQ-P2XD``: 40 random bits, read aloud or typed without doubt."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:4]}-{raw[4:]}"


def _code_digest(secret: str, user_id: int, code: str) -> str:
    """The keyed hash of a code as the user may type it (any case, dashes and spaces ignored)."""
    typed = "".join(code.split()).replace("-", "").upper()
    return hmac.new(secret.encode(), f"{user_id}:{typed}".encode(), hashlib.sha256).hexdigest()


def token_pair(context: ServerContext, user_id: int, generation: int) -> TokenPair:
    return TokenPair(access=context.tokens.issue(user_id, "access", generation),
                     refresh=context.tokens.issue(user_id, "refresh", generation))


async def end_sessions(session: AsyncSession, user_id: int, **password: str) -> int:
    """Raise the user's token generation (and set ``password_hash`` if given): every token issued
    before is refused from the commit on. Returns the new generation; 404 for no such user."""
    generation = await session.scalar(
        update(User).where(User.id == user_id)
        .values(token_generation=User.token_generation + 1, updated_at=utcnow(), **password)
        .returning(User.token_generation))
    if generation is None:
        raise NotFound("No such user.", code="user_not_found")
    return int(generation)


# --- changing one's password --------------------------------------------------------------------

async def change_password(context: ServerContext, *, user: Principal, data: PasswordChange,
                          address: str) -> TokenPair:
    """The current password checked (wrong ones count as failed sign-ins), the new one set, every
    session of the user ended; the caller's own session goes on with the tokens returned."""
    async with context.db.session(write=False) as session:
        current = await session.scalar(select(User.password_hash).where(User.id == user.id))
    try:
        async with context.throttle.attempt(email=user.email, address=address):
            if not await run_in_threadpool(verify_password, data.current_password, current):
                raise Unauthorized("wrong password", code="bad_credentials")
    except Unauthorized:
        raise Invalid("The current password is wrong.", code="wrong_password") from None
    new_hash = await run_in_threadpool(hash_password, data.new_password)
    async with context.db.session() as session:
        generation = await session.scalar(
            update(User).where(User.id == user.id, User.token_generation == user.token_generation)
            .values(password_hash=new_hash, token_generation=User.token_generation + 1,
                    updated_at=utcnow())
            .returning(User.token_generation))
        if generation is None:  # its sessions ended meanwhile
            raise session_ended()
        await record(session, AuditAction.PASSWORD_CHANGED, actor=user.id, target=user.id,
                     address=address)
    return token_pair(context, user.id, int(generation))


# --- signing out one session ----------------------------------------------------------------------

async def revoke_refresh(context: ServerContext, *, token: TokenSubject) -> None:
    """That refresh token is refused from now on (kept until it would have expired anyway)."""
    now = utcnow()
    async with context.db.session() as session:
        await session.execute(delete(RevokedToken).where(RevokedToken.expires_at <= now))
        known = await session.scalar(select(RevokedToken.jti).where(RevokedToken.jti == token.jti))
        if known is None:
            await session.execute(insert(RevokedToken).values(jti=token.jti,
                                                              expires_at=token.expires_at))


async def is_revoked(session: AsyncSession, token: TokenSubject) -> bool:
    return await session.scalar(select(RevokedToken.jti).where(RevokedToken.jti == token.jti)) is not None


# --- reset codes --------------------------------------------------------------------------------

async def count_reset_request(context: ServerContext, *, email: str, address: str) -> None:
    """POST /auth/password/reset/, before it is answered: 429 when the email or the address asked
    too often. Nothing here depends on whether the account exists."""
    settings = context.settings
    await context.throttle.count_request(email=normalise_email(email), address=address,
                                         per_email=settings.password_reset_per_email,
                                         per_address=settings.password_reset_per_address)


async def request_reset(context: ServerContext, *, email: str, address: str) -> None:
    """POST /auth/password/reset/, after it is answered (its answer and its time cannot tell
    whether the account exists): a code and its email when the email belongs to an account that
    may sign in, the request in the audit trail either way."""
    email = normalise_email(email)
    async with context.db.session() as session:
        user_id = await session.scalar(select(User.id).where(User.email == email, may_act(User)))
        await send_code(context, session, user_id=user_id, email=email)
        await record(session, AuditAction.PASSWORD_RESET_REQUESTED, actor=None, target=user_id,
                     address=address, details={"email": email})


async def send_code(context: ServerContext, session: AsyncSession, *, user_id: int | None,
                    email: str = "") -> None:
    """A new code for the user (earlier ones die) and its email, in ``session``'s transaction.
    ``user_id`` None: no account: the code is drawn and hashed all the same, and nothing written."""
    code = new_code()
    digest = _code_digest(context.tokens.secret, user_id or 0, code)
    if user_id is None:
        return
    now = utcnow()
    expires = now + timedelta(minutes=context.settings.password_reset_minutes)
    await session.execute(delete(PasswordReset).where(  # earlier codes die; long-dead ones go
        or_(PasswordReset.user_id == user_id, PasswordReset.expires_at < now - timedelta(days=1))))
    await session.execute(insert(PasswordReset).values(
        user_id=user_id, code_hash=digest, failures=0, created_at=now, expires_at=expires))
    snapshot = Snapshot(specialist=user_id, client=user_id, start=now, end=expires, context="",
                        cost_cents=0, text=code)
    await session.execute(insert(OutboxMessage).values(
        kind=PASSWORD_RESET, slot_id=None, recipient_id=user_id, payload=snapshot.to_json(),
        status="pending", attempts=0, next_attempt_at=now, created_at=now))


def _invalid_code() -> Invalid:
    return Invalid("The code is wrong or no longer valid. Ask for a new one.",
                   code="reset_code_invalid")


async def confirm_reset(context: ServerContext, *, data: PasswordResetConfirm, address: str) -> None:
    """POST /auth/password/reset/confirm/: the password set, the code used up, every session ended."""
    email = normalise_email(data.email)
    now = utcnow()
    limit = context.settings.password_reset_max_guesses
    # The guess is counted first, in a transaction of its own: parallel guesses cannot pass the limit.
    async with context.db.session() as session:
        user_id = await session.scalar(select(User.id).where(User.email == email, may_act(User)))
        live = (select(PasswordReset.id).where(
            PasswordReset.user_id == user_id, PasswordReset.used_at.is_(None),
            PasswordReset.expires_at > now, PasswordReset.failures < limit)
            .order_by(PasswordReset.id.desc()).limit(1).scalar_subquery())
        row = (await session.execute(
            update(PasswordReset).where(PasswordReset.id == live)
            .values(failures=PasswordReset.failures + 1)
            .returning(PasswordReset.id, PasswordReset.code_hash))).first()
    digest = _code_digest(context.tokens.secret, user_id or 0, data.code)
    if user_id is None or row is None or not hmac.compare_digest(digest, row.code_hash):
        raise _invalid_code()
    new_hash = await run_in_threadpool(hash_password, data.new_password)
    async with context.db.session() as session:
        used = await session.execute(
            update(PasswordReset).where(PasswordReset.id == row.id, PasswordReset.used_at.is_(None),
                                        PasswordReset.expires_at > utcnow())
            .values(used_at=utcnow()))
        if used.rowcount != 1:  # type: ignore[attr-defined]
            raise _invalid_code()
        await end_sessions(session, user_id, password_hash=new_hash)
        await record(session, AuditAction.PASSWORD_RESET_USED, actor=user_id, target=user_id,
                     address=address)
