"""What an outbox row remembers about its event: enough to write the email later, and no more."""

from __future__ import annotations

from dataclasses import MISSING, asdict, dataclass, fields
from datetime import datetime
from typing import Any

import orjson
from sqlalchemy import ColumnElement, Text, cast, literal, literal_column, null

from planner_server.slots.events import SlotEvent
from planner_server.sqljson import JSONObject

REMINDER = "reminder"  # the kind of the reminder a day (REMINDER_HOURS) before a consultation
PASSWORD_RESET = "password_reset"  # an account email: no slot, its snapshot names only the user
ACCOUNT_KINDS = frozenset({PASSWORD_RESET})

# Who is told about each event (SPEC §5); reminders go to both sides.
RECIPIENT_ROLE = {
    SlotEvent.RESERVED: "specialist",
    SlotEvent.AGREED: "client",
    SlotEvent.DECLINED: "client",
    SlotEvent.CANCELLED_BY_SPECIALIST: "client",
    SlotEvent.CANCELLED_BY_CLIENT: "specialist",
    SlotEvent.DECLINED_BY_ADMIN: "specialist",
    SlotEvent.CANCELLED_BY_ADMIN: "specialist",
    SlotEvent.MOVED: "specialist",
    SlotEvent.MOVE_PROPOSED: "client",
    SlotEvent.MOVE_ACCEPTED: "specialist",
    SlotEvent.MOVE_DECLINED: "specialist",
    SlotEvent.RESCHEDULED: "client",
}
# Events done on the recipient's behalf: their message names who did it (the snapshot's actor).
ON_BEHALF = frozenset({SlotEvent.DECLINED_BY_ADMIN, SlotEvent.CANCELLED_BY_ADMIN})
# Events whose message carries a calendar invite, and its METHOD.
INVITE_METHOD = {SlotEvent.AGREED.value: "REQUEST", SlotEvent.CANCELLED_BY_SPECIALIST.value: "CANCEL",
                 SlotEvent.RESCHEDULED.value: "REQUEST"}


@dataclass(frozen=True)
class Snapshot:
    """The slot as it was when the event happened, and the comment of a cancellation."""

    specialist: int
    client: int
    start: datetime
    end: datetime
    context: str
    cost_cents: int
    reason: str | None = None
    text: str = ""
    sequence: int | None = None  # the invite's SEQUENCE (the slot's version), for invites
    invite_slot: int | None = None  # the slot whose UID the invite carries (a moved consultation's first)
    from_start: datetime | None = None  # a move: the time it moved from
    from_end: datetime | None = None
    to_start: datetime | None = None  # a proposed move: the time proposed
    to_end: datetime | None = None
    actor: int | None = None  # who acted on the recipient's behalf (ON_BEHALF: an administrator)

    def to_json(self) -> str:
        """For an account email, which has no slot to build it from (slot messages: sql_json)."""
        return orjson.dumps(asdict(self)).decode()

    @classmethod
    def sql_json(cls, **columns: ColumnElement[Any]) -> ColumnElement[str]:
        """The snapshot's JSON text built by the database from these columns (fields left out keep
        their defaults): every outbox row is written so, by the statement of its event."""
        arguments: list[Any] = []
        for field in fields(cls):
            if field.name in columns:
                value: Any = columns.pop(field.name)
            elif field.default is MISSING:
                raise TypeError(f"a snapshot needs {field.name!r}")
            else:
                value = null() if field.default is None else cast(literal(field.default), Text)
            arguments += [literal_column(f"'{field.name}'"), value]  # names are identifiers
        if columns:
            raise TypeError(f"a snapshot has no {', '.join(columns)}")
        return JSONObject(*arguments)

    @classmethod
    def from_json(cls, data: str) -> Snapshot:
        fields: dict[str, Any] = orjson.loads(data)
        fields["start"] = datetime.fromisoformat(fields["start"])
        fields["end"] = datetime.fromisoformat(fields["end"])
        for name in _OPTIONAL_INSTANTS:
            if fields.get(name) is not None:
                fields[name] = datetime.fromisoformat(fields[name])
        return cls(**fields)

    def party(self, role: str) -> int:
        return self.specialist if role == "specialist" else self.client


_OPTIONAL_INSTANTS = ("from_start", "from_end", "to_start", "to_end")
