"""Turn an outbox row into the email itself: subject, plain-text and HTML bodies, invite, headers.

Runs in the sender (never in a request), in the recipient's language and time zone.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from email.utils import parseaddr
from pathlib import Path
from typing import Any

import emails
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from planner_server.notifications import texts
from planner_server.notifications.invites import Party, invite, slot_uid
from planner_server.notifications.snapshot import ACCOUNT_KINDS, INVITE_METHOD, REMINDER, Snapshot

TEMPLATES = Path(__file__).with_name("templates")
_ENVIRONMENT = Environment(loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined,
                           autoescape=select_autoescape(["html"]), keep_trailing_newline=True,
                           auto_reload=False)  # templates are part of the release: read once
_WITH_REASON = frozenset({"declined", "cancelled_by_specialist", "cancelled_by_client",
                          "declined_by_admin", "cancelled_by_admin"})
_ROLE_OF_OTHER = {"specialist": "client", "client": "specialist"}


class Undeliverable(Exception):
    """The message cannot be written at all (its recipient is gone): retrying will not help."""


@dataclass(frozen=True)
class Person:
    id: int
    email: str
    name: str
    language: str
    time_zone: str


@dataclass(frozen=True)
class Queued:
    """A claimed outbox row, as the sender holds it."""

    id: int
    kind: str
    slot_id: int | None
    recipient_id: int
    snapshot: Snapshot


@dataclass(frozen=True)
class Letterhead:
    """What every message shares: the sender's address, the domain of ids, the copies."""

    from_email: str
    copies: tuple[str, ...] = ()

    @property
    def domain(self) -> str:
        address = parseaddr(self.from_email)[1]
        return address.rpartition("@")[2] or "localhost"


@dataclass(frozen=True)
class Outgoing:
    """A message ready for the wire."""

    outbox_id: int
    message_id: str
    from_address: str
    recipients: tuple[str, ...]
    subject: str
    text: str
    data: bytes


def render(item: Queued, people: Mapping[int, Person], letterhead: Letterhead, *,
           now: datetime) -> Outgoing:
    snap = item.snapshot
    me = people.get(item.recipient_id)
    if me is None or not me.email:
        raise Undeliverable(f"user {item.recipient_id} no longer exists")
    if item.kind in ACCOUNT_KINDS:
        return _render_account(item, me, letterhead, now=now)
    role = "specialist" if item.recipient_id == snap.specialist else "client"
    other_role = _ROLE_OF_OTHER[role]
    other = people.get(snap.party(other_role))
    other_name = other.name if other else "—"
    words = texts.phrases(me.language)
    subject = words.subjects[item.kind].format(
        other=other_name, when=texts.when_short(snap.start, me.time_zone, words))
    details = [(words.labels["when"], texts.when_long(snap.start, snap.end, me.time_zone, words)),
               (words.labels[other_role], f"{other_name} <{other.email}>" if other else other_name)]
    if snap.actor is not None:  # done on my behalf: by whom, and how to reach them
        actor = people.get(snap.actor)
        details.append((words.labels["actor"], f"{actor.name} <{actor.email}>" if actor else "—"))
    if snap.context:
        details.append((words.labels["topic"], snap.context))
    if snap.cost_cents:
        details.append((words.labels["cost"], texts.money(snap.cost_cents, words)))
    if snap.from_start is not None and snap.from_end is not None:
        details.append((words.labels["was"], texts.when_long(snap.from_start, snap.from_end,
                                                             me.time_zone, words)))
    if snap.to_start is not None and snap.to_end is not None:
        details.append((words.labels["proposed"], texts.when_long(snap.to_start, snap.to_end,
                                                                  me.time_zone, words)))
    if item.kind in _WITH_REASON:
        details.append((words.labels["reason"], words.reasons.get(snap.reason or "None",
                                                                  snap.reason or "")))
        if snap.text:
            details.append((words.labels["comment"], snap.text))
    message_id, text, message = _message(item, me, letterhead, words, subject, details, now=now)
    method = INVITE_METHOD.get(item.kind)
    if method is not None and other is not None and item.slot_id is not None:
        _attach_invite(message, item, method, me=me, other=other, role=role, words=words,
                       letterhead=letterhead, now=now)
    copies = letterhead.copies if item.kind != REMINDER else ()
    recipients = tuple(dict.fromkeys((me.email, *copies)))
    return Outgoing(outbox_id=item.id, message_id=message_id, from_address=parseaddr(
        letterhead.from_email)[1], recipients=recipients, subject=subject, text=text,
        data=message.as_bytes())


def _render_account(item: Queued, me: Person, letterhead: Letterhead, *, now: datetime) -> Outgoing:
    """An email about the account itself (a password reset code): to the user alone, no copies.

    Its snapshot names the user as both parties; ``text`` is the code and ``end`` its expiry.
    """
    snap = item.snapshot
    words = texts.phrases(me.language)
    subject = words.subjects[item.kind]  # not the code: administrators see subjects (outbox)
    local_end = snap.end.astimezone(texts.zone(me.time_zone))
    details = [(words.labels["code"], snap.text),
               (words.labels["valid_until"], f"{local_end:%H:%M} ({me.time_zone or 'UTC'})")]
    message_id, text, message = _message(item, me, letterhead, words, subject, details, now=now)
    return Outgoing(outbox_id=item.id, message_id=message_id,
                    from_address=parseaddr(letterhead.from_email)[1], recipients=(me.email,),
                    subject=subject, text=text, data=message.as_bytes())


def _message(item: Queued, me: Person, letterhead: Letterhead, words: Any, subject: str,
             details: list[tuple[str, str]], *, now: datetime) -> tuple[str, str, emails.Message]:
    """The email to ``me`` in its language, text and HTML from the templates: its Message-ID, its
    text, and the message."""
    values = {"language": me.language, "subject": subject,
              "greeting": words.greeting.format(name=me.name), "intro": words.intros[item.kind],
              "details": details, "note": words.invite_notes.get(item.kind, ""),
              "footer": words.footer}
    text = _ENVIRONMENT.get_template("email.txt").render(values)
    html = _ENVIRONMENT.get_template("email.html").render(values)
    message_id = f"<outbox-{item.id}@{letterhead.domain}>"
    message = emails.Message(
        subject=subject, mail_from=_from(letterhead), mail_to=[(me.name, me.email)], text=text,
        html=html, message_id=message_id, date=now,
        headers={"Auto-Submitted": "auto-generated", "X-Planner-Kind": item.kind})
    return message_id, text, message


def _from(letterhead: Letterhead) -> tuple[str, str]:
    name, address = parseaddr(letterhead.from_email)
    return (name or "Consultation Planner", address or letterhead.from_email)


def _attach_invite(message: emails.Message, item: Queued, method: str, *, me: Person, other: Person,
                   role: str, words: texts.Phrases, letterhead: Letterhead, now: datetime) -> None:
    snap = item.snapshot
    specialist, client = (me, other) if role == "specialist" else (other, me)
    assert item.slot_id is not None
    data = invite(method=method, uid=slot_uid(snap.invite_slot or item.slot_id, letterhead.domain),
                  sequence=snap.sequence or 0, start=snap.start, end=snap.end,
                  summary=words.invite_summary.format(other=other.name), description=snap.context,
                  organizer=Party(specialist.name, specialist.email),
                  attendee=Party(client.name, client.email), stamp=now)
    filename = "invite.ics" if method == "REQUEST" else "cancel.ics"
    message.attach(data=data, filename=filename, content_disposition="attachment",
                   mime_type=f"text/calendar; method={method}; charset=utf-8")


def full_name(first: str, middle: str, last: str) -> str:
    """The name on one line (it goes into headers and subjects, where a line break is refused)."""
    return " ".join(" ".join((first, middle, last)).split())
