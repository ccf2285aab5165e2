"""Who sees which slot (SPEC §1), written once for each role.

An administrator sees every slot; a specialist its own; a client the slots on offer (free, in the
future, of an active specialist) and its own consultations. Each audience says it twice, side by
side: as SQL over the slots (the list, one slot, the slots a process keeps on offer) and over one
slot's row as the change log keeps it (the feed). Which waiting desktops a slot's change may
concern, and which change rows a desktop's page must look at, follow from ``every_specialist``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import BindParameter, ColumnElement, Integer, and_, bindparam, false, or_, true

from planner_server.calendars.conditions import busy_overlap
from planner_server.principal import Principal
from planner_server.slots.booking import blocking_rule
from planner_server.slots.fields import NOW, Specialist
from planner_server.slots.models import Slot
from planner_server.users.models import may_act
from planner_shared.enums import Role


def offered(now: Any) -> ColumnElement[bool]:
    """Free future slots of active specialists that no booking rule blocks at ``now`` (an instant or
    fields.NOW), no proposed move holds for a client, clear of their busy times (their own
    calendar): what every client may reserve."""
    return and_(Slot.status == "free", Slot.held_for_id.is_(None), Slot.start_time > now,
                may_act(Specialist.c), blocking_rule(Slot.__table__, Specialist, now).is_(None),
                ~busy_overlap(Slot.specialist_id, Slot.start_time, Slot.end_time))


def _offered_row(row: Any, now: datetime) -> bool:
    """``offered`` over a change row (``listed``: its specialist may act, neither a buffer nor
    the day limit blocks the slot, and the specialist is not busy then — a calendar sync re-records
    the free slots its busy times touch; the rules of time — notice, horizon — are not in the row: a
    slot they block reaches a client's feed and is refused with the rule's words)."""
    return bool(row.status == "free" and row.held_for_id is None and row.listed
                and row.start_time > now)


class Audience:
    """What one user sees of the slots."""

    # Whether a change to any specialist's slots may concern this user (else only its own slots').
    every_specialist: ClassVar[bool] = False

    def __init__(self, user_id: int | BindParameter[int]) -> None:
        self.user_id = user_id  # in SQL built once for every user: the USER parameter

    def slots(self, now: Any) -> ColumnElement[bool]:
        """SQL: the slots it sees at ``now`` (an instant or fields.NOW; over Slot, joined with its
        specialist: fields.slot_select)."""
        return false()

    def sees(self, row: Any, now: datetime) -> bool:
        """The same, over a slot's row as the change log keeps it."""
        return False

    def may_have_seen(self, row: Any) -> bool:
        """Whether it may hold this slot from before the change, though it no longer sees it."""
        return bool(row.deleted or row.previous_client_id == self.user_id)

    def concerned(self, specialist_id: int | None) -> bool:
        """Whether a change to that specialist's slots may concern it."""
        return self.every_specialist or specialist_id == self.user_id


class Everything(Audience):
    every_specialist = True

    def slots(self, now: Any) -> ColumnElement[bool]:
        return true()

    def sees(self, row: Any, now: datetime) -> bool:
        return True


class OwnSlots(Audience):
    def slots(self, now: Any) -> ColumnElement[bool]:
        return Slot.specialist_id == self.user_id

    def sees(self, row: Any, now: datetime) -> bool:
        return bool(row.specialist_id == self.user_id)


class OfferedAndOwn(Audience):
    """A client: the slots on offer, the same for every client, and its own consultations (with a
    slot a proposed move holds for it)."""

    every_specialist = True

    def own(self) -> ColumnElement[bool]:
        """SQL: the client's consultations and the slots held for it."""
        return or_(Slot.client_id == self.user_id, Slot.held_for_id == self.user_id)

    def slots(self, now: Any) -> ColumnElement[bool]:
        return or_(offered(now), self.own())

    def sees(self, row: Any, now: datetime) -> bool:
        return (_offered_row(row, now) or row.client_id == self.user_id
                or row.held_for_id == self.user_id)

    def may_have_seen(self, row: Any) -> bool:
        # any free slot may have been on offer; a request just made was on offer until now
        return (super().may_have_seen(row) or row.status == "free"
                or (row.status == "agreement" and not row.follow_up))


_BY_ROLE: dict[Role, type[Audience]] = {
    Role.ADMIN: Everything, Role.SPECIALIST: OwnSlots, Role.CLIENT: OfferedAndOwn}


def audience_of(user: Principal) -> Audience:
    return _BY_ROLE.get(user.role, Audience)(user.id)


USER = bindparam("audience_user", type_=Integer())  # the user whose slots a statement built once reads


def visible_slots(role: Role) -> ColumnElement[bool]:
    """SQL: the slots a user of ``role`` sees at fields.NOW, the user being the parameter USER: for
    statements built once and executed for each user."""
    return _BY_ROLE.get(role, Audience)(USER).slots(NOW)


def sees_every_specialist(role: Role) -> bool:
    """Whether a change to any specialist's slots may concern a user of this role."""
    return _BY_ROLE.get(role, Audience).every_specialist
