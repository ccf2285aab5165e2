"""Pydantic schemas of the /api/v1 contract, by role: *Create, *Update, *Read."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal
from zoneinfo import available_timezones

import email_validator
from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from planner_shared import rules
from planner_shared.enums import (
    AuditAction,
    CancelReason,
    Language,
    OutboxStatus,
    Outcome,
    Role,
    SlotStatus,
)
from planner_shared.errors import Invalid


def _role_from_input(value: Any) -> Any:
    """Accept the role by name or by the original service's id (2, 3; 1 is admin)."""
    if isinstance(value, bool):
        raise ValueError("role must be a name or an id")
    if isinstance(value, int):
        return Role.from_legacy_id(value)
    if isinstance(value, str) and value.strip().isdigit():
        return Role.from_legacy_id(int(value.strip()))
    if isinstance(value, str):
        return value.strip().lower()
    return value


def _self_registrable(role: Role) -> Role:
    if role is Role.ADMIN:
        raise ValueError("administrators cannot register themselves; choose client or specialist")
    return role


def _valid_password(password: str) -> str:
    problems = rules.password_problems(password)
    if problems:
        raise ValueError("the password needs " + ", ".join(problems))
    return password


_ZONES: set[str] | None = None


def _valid_time_zone(name: str) -> str:
    global _ZONES
    if _ZONES is None:
        _ZONES = available_timezones() | {"UTC"}
    if name not in _ZONES:
        raise ValueError(f"unknown time zone {name!r}; use an IANA name such as Europe/Moscow")
    return name


# Any syntactically valid address at any domain: a company network's own (corp.local, .internal,
# .test …) is not the validator's to refuse, and nothing is looked up (the library's documented way).
email_validator.SPECIAL_USE_DOMAIN_NAMES.clear()


def _valid_email(address: str) -> str:
    try:
        checked = email_validator.validate_email(address, check_deliverability=False,
                                                 globally_deliverable=False)
    except email_validator.EmailNotValidError as error:
        raise ValueError(f"not a valid email address: {error}") from None
    return rules.normalise_email(checked.normalized)


def _no_nul(text: str) -> str:
    """NUL cannot be stored as text (PostgreSQL refuses it) and never belongs in a name or note."""
    if "\x00" in text:
        raise ValueError("must not contain NUL characters")
    return text


def _instant_in_range(value: datetime) -> datetime:
    if not rules.instant_in_range(value):
        raise ValueError(rules.INSTANT_RANGE_TEXT)
    return value


def _cost_check(cost: Decimal) -> Decimal:
    if not cost.is_finite():
        raise ValueError("the cost must be a number")
    try:
        rules.check_cost(cost)
    except Invalid as error:
        raise ValueError(error.detail) from None
    return cost.quantize(Decimal("0.01"))


NoNul = AfterValidator(_no_nul)
Name = Annotated[str, StringConstraints(strip_whitespace=True, max_length=rules.NAME_MAX_LENGTH), NoNul]
RequiredName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                                max_length=rules.NAME_MAX_LENGTH), NoNul]
Phone = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=32,
                                         pattern=r"^\+?[0-9 ()\-]{3,32}$")]
TimeZoneName = Annotated[str, StringConstraints(max_length=64), AfterValidator(_valid_time_zone)]
RoleInput = Annotated[Role, BeforeValidator(_role_from_input)]
Cost = Annotated[Decimal, Field(max_digits=12, decimal_places=6), AfterValidator(_cost_check)]
Context = Annotated[str, StringConstraints(max_length=rules.CONTEXT_MAX_LENGTH), NoNul]
CommentText = Annotated[str, StringConstraints(max_length=rules.COMMENT_MAX_LENGTH), NoNul]
EmailAddress = Annotated[str, StringConstraints(strip_whitespace=True, max_length=254),
                         AfterValidator(_valid_email), Field(json_schema_extra={"format": "email"})]
Password = Annotated[str, StringConstraints(max_length=rules.PASSWORD_MAX_LENGTH), NoNul]
SearchText = Annotated[str, StringConstraints(max_length=200), NoNul]
Instant = Annotated[AwareDatetime, AfterValidator(_instant_in_range)]
"""A timezone-aware datetime within the years the product accepts (inputs and filters)."""


class _Input(BaseModel):
    model_config = ConfigDict(extra="ignore")


# --- users -------------------------------------------------------------------------------------

class UserCreate(_Input):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "first_name": "Irina", "last_name": "Petrova", "middle_name": "", "email": "irina@example.com",
        "role": "client", "password": "secret123"}]})

    first_name: RequiredName
    last_name: RequiredName
    middle_name: Name = ""
    email: EmailAddress
    role: Annotated[RoleInput, AfterValidator(_self_registrable)]
    password: Annotated[Password, AfterValidator(_valid_password)]
    phone: Phone | None = None
    time_zone: TimeZoneName = "UTC"
    language: Language = Language.EN


class UserRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    first_name: str
    last_name: str
    middle_name: str
    role: Role
    phone: str | None
    email: str
    is_staff: bool
    is_active: bool
    is_blocked: bool
    created_at: datetime
    time_zone: str
    language: Language

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.middle_name, self.last_name) if p)


class UserSelfUpdate(_Input):
    """What any user may change about themself."""

    first_name: RequiredName | None = None
    last_name: RequiredName | None = None
    middle_name: Name | None = None
    phone: Phone | None = None
    time_zone: TimeZoneName | None = None
    language: Language | None = None


class UserAdminUpdate(_Input):
    """What an administrator may change about any user."""

    first_name: RequiredName | None = None
    last_name: RequiredName | None = None
    middle_name: Name | None = None
    phone: Phone | None = None
    email: EmailAddress | None = None
    role: RoleInput | None = None
    is_staff: bool | None = None
    is_active: bool | None = None
    is_blocked: bool | None = None


# --- auth --------------------------------------------------------------------------------------

class TokenCreate(_Input):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"email": "irina@example.com", "password": "secret123"}]})

    email: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=254), NoNul]
    password: Annotated[str, StringConstraints(min_length=1, max_length=rules.PASSWORD_MAX_LENGTH),
                        NoNul]


class TokenPair(BaseModel):
    access: str
    refresh: str


class TokenRefresh(_Input):
    refresh: Annotated[str, StringConstraints(min_length=1, max_length=4096), NoNul]


class AccessToken(BaseModel):
    access: str


class TokenVerify(_Input):
    token: Annotated[str, StringConstraints(min_length=1, max_length=4096), NoNul]


class PasswordChange(_Input):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"current_password": "secret123", "new_password": "better456"}]})

    current_password: Annotated[str, StringConstraints(min_length=1,
                                                       max_length=rules.PASSWORD_MAX_LENGTH), NoNul]
    new_password: Annotated[Password, AfterValidator(_valid_password)]


class PasswordResetRequest(_Input):
    model_config = ConfigDict(json_schema_extra={"examples": [{"email": "irina@example.com"}]})

    email: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=254), NoNul]


class PasswordResetConfirm(_Input):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"email": "irina@example.com", "code": "K7MQ-P2XD", "new_password": "better456"}]})

    email: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=254), NoNul]
    code: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=32), NoNul]
    new_password: Annotated[Password, AfterValidator(_valid_password)]


class Accepted(BaseModel):
    detail: str


# --- audit -------------------------------------------------------------------------------------

class AuditEntryRead(BaseModel):
    """One entry of the audit trail (GET /api/v1/audit/)."""

    id: int
    at: datetime
    action: AuditAction
    actor: int | None = Field(description="who acted; null for an attempt by nobody signed in")
    actor_email: str | None
    target: int | None = Field(description="the user acted on")
    target_email: str | None
    details: dict[str, Any] = Field(description="for edits, {field: [before, after]}")
    address: str | None = Field(description="the client's address as the server saw it")


# --- slots -------------------------------------------------------------------------------------

class SlotCreate(_Input):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "start_time": "2030-01-07T10:00:00+03:00", "end_time": "2030-01-07T11:00:00+03:00",
        "context": "Consultation", "cost": "50.00"}]})

    start_time: Instant
    end_time: Instant
    context: Context = ""
    cost: Cost = Decimal("0")


class SlotUpdate(_Input):
    start_time: Instant | None = None
    end_time: Instant | None = None
    context: Context | None = None
    cost: Cost | None = None


class SlotRead(BaseModel):
    id: int
    specialist: int
    specialist_name: str
    start_time: datetime
    end_time: datetime
    context: str
    cost: Decimal
    status: SlotStatus
    client: int | None
    client_name: str | None = None
    updated_at: datetime
    version: int
    # A pending proposal of a new time (on the agreed consultation), and the slot it holds (SPEC §2a).
    proposed_slot: int | None = None
    proposed_start: datetime | None = None
    proposed_end: datetime | None = None
    held_for: int | None = None  # a free slot held for this client by a proposal
    blocked_by: str | None = Field(
        default=None, description="A free slot a booking rule of its specialist blocks now: the rule's "
        "code (too_soon, too_far, buffer, day_full); null when it may be reserved (or is not free)")


class SeriesCreate(_Input):
    """One slot (its first occurrence) repeated on chosen weekdays for a number of weeks."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "start_time": "2030-01-07T10:00:00+03:00", "end_time": "2030-01-07T11:00:00+03:00",
        "context": "Consultation", "cost": "50.00", "weekdays": [0, 2], "weeks": 4,
        "time_zone": "Europe/Moscow"}]})

    start_time: Instant
    end_time: Instant
    context: Context = ""
    cost: Cost = Decimal("0")
    weekdays: Annotated[list[Annotated[int, Field(ge=0, le=6)]],
                        Field(min_length=1, max_length=7,
                              description="0 = Monday … 6 = Sunday, in the time zone of start_time")]
    weeks: Annotated[int, Field(ge=1, le=52)]
    time_zone: TimeZoneName | None = Field(
        default=None, description="IANA zone whose wall-clock time the series keeps across DST")


class SeriesCollision(BaseModel):
    start_time: datetime
    end_time: datetime
    code: str
    detail: str


class SeriesResult(BaseModel):
    created: list[SlotRead]
    collisions: list[SeriesCollision]


class CommentCreate(_Input):
    """The body of a cancel: a reason from the list and an optional comment."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"reason": "schedule conflict", "text": "I have to be elsewhere; sorry."}]})

    reason: CancelReason = CancelReason.FORCE_MAJEURE
    text: CommentText = ""


class MoveTo(_Input):
    """Where a booking moves: one of the specialist's free slots (``to``), or — for a specialist's
    proposal only — a new slot at ``start_time``–``end_time``."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"to": 42}, {"start_time": "2030-01-07T10:00:00+03:00", "end_time": "2030-01-07T11:00:00+03:00"}]})

    to: Annotated[int | None, Field(ge=1, le=rules.MAX_ID)] = None
    start_time: Instant | None = None
    end_time: Instant | None = None

    @model_validator(mode="after")
    def _one_target(self) -> MoveTo:
        times = (self.start_time is not None, self.end_time is not None)
        if self.to is None and times != (True, True):
            raise ValueError("give either 'to' (a slot id) or both 'start_time' and 'end_time'")
        if self.to is not None and any(times):
            raise ValueError("give either 'to' or the times, not both")
        return self


class CommentRead(BaseModel):
    id: int
    slot: int | None
    author: int
    client: int | None
    specialist: int
    reason: CancelReason
    text: str
    outcome: Outcome
    start_time: datetime
    end_time: datetime
    created_at: datetime


class HistoryEntry(BaseModel):
    slot: int | None
    specialist: int
    specialist_name: str
    client: int | None
    client_name: str | None
    start_time: datetime
    end_time: datetime
    context: str
    cost: Decimal
    outcome: Outcome
    reason: CancelReason | None = None
    text: str = ""
    by: int | None = None
    at: datetime
    # a move (outcome "moved"): where it went
    moved_to_slot: int | None = None
    moved_to_start: datetime | None = None
    moved_to_end: datetime | None = None


# --- sync --------------------------------------------------------------------------------------

class Change(BaseModel):
    """One entry of the change feed: an entity that appeared, changed or disappeared."""

    cursor: int
    entity: Literal["slot", "user"]
    op: Literal["upsert", "delete"]
    id: int
    data: dict[str, Any] | None = None


class SyncPage(BaseModel):
    cursor: int
    changes: list[Change] = []
    more: bool = False
    snapshot: bool = False
    slots: list[SlotRead] | None = None
    users: list[UserRead] | None = None


# --- errors ------------------------------------------------------------------------------------

class FieldError(BaseModel):
    """One problem of an invalid request: where it is and what is wrong."""

    loc: list[str | int]
    msg: str
    type: str


class ErrorBody(BaseModel):
    """The body of every error answer: a sentence a person reads and a stable code."""

    detail: str
    code: str
    errors: list[FieldError] | None = Field(
        default=None, description="For invalid input: each offending field (422 only)")
    params: dict[str, Any] | None = Field(
        default=None, description="The values the sentence names (times as ISO 8601), where it names any")


# --- outbox ------------------------------------------------------------------------------------

class OutboxMessageRead(BaseModel):
    """An email of the outbox as an administrator sees it (GET /api/v1/outbox/)."""

    id: int
    kind: str = Field(description="reserved, agreed, declined, cancelled_by_specialist, "
                                  "cancelled_by_client, declined_by_admin, cancelled_by_admin, moved, "
                                  "move_proposed, move_accepted, move_declined, rescheduled, "
                                  "reminder or password_reset")
    status: OutboxStatus
    slot: int | None
    recipient: int = Field(description="the user the message is for")
    recipients: list[str] = Field(description="addresses of the last attempt (with copies); "
                                              "empty before the first")
    subject: str | None
    attempts: int
    last_error: str | None
    next_attempt_at: datetime | None = Field(description="when a pending message is tried next")
    created_at: datetime
    sent_at: datetime | None


# --- booking rules -----------------------------------------------------------------------------

BOOKING_RULES_DOC = (
    "A specialist's booking rules (0 = off). The gap between two of the specialist's held "
    "consultations (requests or agreed) must be at least the larger of buffer_before_minutes and "
    "buffer_after_minutes (each consultation keeps its buffer before and after it; a gap exactly "
    "equal is allowed). A slot may be reserved only min_notice_minutes or more before its start, "
    "and at most horizon_days days before it. At most max_per_day requests and agreed "
    "consultations start on one day in the specialist's time zone; a client may hold at most "
    "max_pending_per_client requests awaiting this specialist's answer. Changing a rule never "
    "touches existing requests or agreed consultations.")


class BookingRules(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"description": BOOKING_RULES_DOC})

    buffer_before_minutes: int = 0
    buffer_after_minutes: int = 0
    min_notice_minutes: int = 0
    horizon_days: int = 0
    max_per_day: int = 0
    max_pending_per_client: int = 0


class BookingRulesUpdate(_Input):
    model_config = ConfigDict(extra="ignore", json_schema_extra={
        "description": BOOKING_RULES_DOC,
        "examples": [{"buffer_before_minutes": 10, "buffer_after_minutes": 10, "min_notice_minutes": 60}]})

    buffer_before_minutes: Annotated[int, Field(ge=0, le=rules.BUFFER_MAX_MINUTES)] | None = None
    buffer_after_minutes: Annotated[int, Field(ge=0, le=rules.BUFFER_MAX_MINUTES)] | None = None
    min_notice_minutes: Annotated[int, Field(ge=0, le=rules.NOTICE_MAX_MINUTES)] | None = None
    horizon_days: Annotated[int, Field(ge=0, le=rules.HORIZON_MAX_DAYS)] | None = None
    max_per_day: Annotated[int, Field(ge=0, le=rules.MAX_PER_DAY_MAX)] | None = None
    max_pending_per_client: Annotated[int, Field(ge=0, le=rules.MAX_PENDING_MAX)] | None = None
