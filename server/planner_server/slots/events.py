"""What happened to a slot that someone must be told about (emails, SPEC §5)."""

from __future__ import annotations

from enum import StrEnum


class SlotEvent(StrEnum):
    RESERVED = "reserved"  # client → specialist
    AGREED = "agreed"  # specialist → client, with an invite
    DECLINED = "declined"  # specialist refused a request → client
    CANCELLED_BY_SPECIALIST = "cancelled_by_specialist"  # an agreed consultation → client
    CANCELLED_BY_CLIENT = "cancelled_by_client"  # client withdrew a request → specialist
    # an administrator acted for the specialist (the client is told as by DECLINED / CANCELLED_BY_SPECIALIST)
    DECLINED_BY_ADMIN = "declined_by_admin"  # → specialist
    CANCELLED_BY_ADMIN = "cancelled_by_admin"  # → specialist
    MOVED = "moved"  # client moved its request to another slot → specialist
    MOVE_PROPOSED = "move_proposed"  # specialist proposes a new time → client
    MOVE_ACCEPTED = "move_accepted"  # client accepted the proposal → specialist
    MOVE_DECLINED = "move_declined"  # client kept the agreed time → specialist
    RESCHEDULED = "rescheduled"  # the accepted move → client, the invite updated (same UID)
