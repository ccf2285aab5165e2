"""The change log (SPEC §6): hooks called by the domain services in the writing transaction.

Placeholder until the sync feed lands: the hooks accept the calls and record nothing yet.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession


async def record_slot_change(session: AsyncSession, *, slot_id: int, specialist_id: int,
                             previous_client_id: int | None = None, deleted: bool = False) -> None:
    """A slot was created, changed or deleted in this transaction."""


async def record_user_change(session: AsyncSession, *, user_id: int) -> None:
    """A user was created or changed in this transaction."""
