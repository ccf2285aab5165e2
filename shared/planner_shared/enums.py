"""The closed vocabularies of the product."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    SPECIALIST = "specialist"
    CLIENT = "client"

    @property
    def legacy_id(self) -> int:
        """The role id the original service used (1 admin, 2 specialist, 3 client)."""
        return _LEGACY_IDS[self]

    @classmethod
    def from_legacy_id(cls, value: int) -> Role:
        for role, legacy in _LEGACY_IDS.items():
            if legacy == value:
                return role
        raise ValueError(f"unknown role id {value}; use 2 (specialist) or 3 (client)")


_LEGACY_IDS = {Role.ADMIN: 1, Role.SPECIALIST: 2, Role.CLIENT: 3}


class SlotStatus(StrEnum):
    FREE = "free"
    AGREEMENT = "agreement"  # reserved by a client, awaiting the specialist
    RESERVED = "reserved"  # agreed by the specialist
    COMPLETED = "completed"  # an agreed slot whose end has passed (derived, never stored)


class CancelReason(StrEnum):
    NONE = "None"
    FORCE_MAJEURE = "force majeure"
    GOT_SICK = "got sick"
    SCHEDULE_CONFLICT = "schedule conflict"


class Outcome(StrEnum):
    """What became of a request or consultation, as the history tells it."""

    CANCELLED_BY_CLIENT = "cancelled_by_client"
    DECLINED = "declined"  # the specialist refused a request awaiting approval
    CANCELLED_BY_SPECIALIST = "cancelled_by_specialist"  # an agreed consultation called off
    COMPLETED = "completed"
    MOVED = "moved"  # moved to another time (a request by its client, or an accepted proposal)


class Language(StrEnum):
    EN = "en"
    RU = "ru"


class OutboxStatus(StrEnum):
    """Where an email of the outbox stands (SPEC §5)."""

    PENDING = "pending"  # waiting for its first or next attempt
    SENT = "sent"  # the SMTP server accepted it
    FAILED = "failed"  # every attempt failed; kept for an administrator to retry


class AuditAction(StrEnum):
    """What an entry of the audit trail records (SPEC §9): administrator acts, then security events."""

    USER_EDITED = "user_edited"  # details: the fields changed, {field: [before, after]}
    USER_BLOCKED = "user_blocked"
    USER_UNBLOCKED = "user_unblocked"
    ROLE_CHANGED = "role_changed"  # details: {"role": [before, after]}
    SESSIONS_REVOKED = "sessions_revoked"
    PASSWORD_RESET_SENT = "password_reset_sent"  # an administrator sent the user a reset code
    OUTBOX_RETRIED = "outbox_retried"  # details: the message
    SLOT_CANCELLED = "slot_cancelled"  # by an administrator on the specialist's behalf
    BOOKING_RULES_EDITED = "booking_rules_edited"  # a specialist's; details: {rule: [before, after]}
    PASSWORD_CHANGED = "password_changed"
    PASSWORD_RESET_REQUESTED = "password_reset_requested"
    PASSWORD_RESET_USED = "password_reset_used"
    SIGN_IN_THROTTLED = "sign_in_throttled"
    BLOCKED_SIGN_IN = "blocked_sign_in"  # a blocked or deactivated user tried to sign in
