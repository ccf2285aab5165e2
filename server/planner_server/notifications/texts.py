"""The words of the emails in English and Russian, and dates written the way each reader expects.

Sentences name people by labelled fields rather than inflecting them, so Russian needs no
grammatical gender or case of a name it does not know.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


@dataclass(frozen=True)
class Phrases:
    subjects: dict[str, str]  # by kind; {other} and {when} are filled in
    intros: dict[str, str]  # by kind; the first paragraph
    invite_notes: dict[str, str]  # by kind, for messages with an .ics
    invite_summary: str  # {other}
    labels: dict[str, str]
    reasons: dict[str, str]  # by CancelReason value
    greeting: str
    footer: str
    months: tuple[str, ...]
    weekdays: tuple[str, ...]
    date_format: str  # {weekday} {day} {month} {year}
    decimal_comma: bool


EN = Phrases(
    subjects={
        "reserved": "New request from {other} for {when}",
        "agreed": "Confirmed: consultation with {other} on {when}",
        "declined": "Declined: your request for {when}",
        "cancelled_by_specialist": "Cancelled: consultation with {other} on {when}",
        "cancelled_by_client": "Request withdrawn by {other} for {when}",
        "declined_by_admin": "Request declined by an administrator: {other}, {when}",
        "cancelled_by_admin": "Consultation cancelled by an administrator: {other}, {when}",
        "reminder": "Reminder: consultation with {other} on {when}",
        "password_reset": "Your password reset code",
        "moved": "Request moved by {other} to {when}",
        "move_proposed": "New time proposed for your consultation with {other}",
        "move_accepted": "New time accepted by {other}: {when}",
        "move_declined": "New time declined by {other}; the consultation stays as agreed",
        "rescheduled": "Moved: consultation with {other} on {when}",
    },
    intros={
        "reserved": "A client has asked for a consultation with you. Agree to it or decline it "
                    "in Consultation Planner.",
        "agreed": "Your consultation is confirmed by the specialist.",
        "declined": "Your request for a consultation has been declined by the specialist.",
        "cancelled_by_specialist": "Your agreed consultation has been cancelled by the specialist.",
        "cancelled_by_client": "The client has withdrawn the request for a consultation; the time "
                               "is free again.",
        "declined_by_admin": "An administrator has declined the client's request for a consultation "
                             "with you on your behalf; the time is free again. The client has been "
                             "told.",
        "cancelled_by_admin": "An administrator has cancelled your agreed consultation on your "
                              "behalf; the time is free again. The client has been told.",
        "reminder": "This is a reminder of your consultation.",
        "password_reset": "Someone (hopefully you) asked to reset the password of your Consultation "
                          "Planner account. Enter this code in Consultation Planner with your new "
                          "password. It works once.",
        "moved": "The client has moved the request to another of your slots; the earlier time is "
                 "free again.",
        "move_proposed": "The specialist proposes a new time for your agreed consultation. Accept "
                         "it or keep the current time in Consultation Planner.",
        "move_accepted": "The client has accepted the new time; the earlier time is free again.",
        "move_declined": "The client keeps the agreed time; the proposed time is free again.",
        "rescheduled": "Your consultation has moved to a new time.",
    },
    invite_notes={
        "agreed": "The attached invitation (invite.ics) adds it to your calendar.",
        "cancelled_by_specialist": "The attached update (cancel.ics) removes it from your calendar.",
        "password_reset": "If you did not ask for this, ignore this message: your password stays "
                          "as it is and the code expires by itself.",
        "rescheduled": "The attached update (invite.ics) moves it in your calendar.",
    },
    invite_summary="Consultation with {other}",
    labels={"when": "When", "specialist": "Specialist", "client": "Client", "topic": "Topic",
            "cost": "Cost", "reason": "Reason", "comment": "Comment", "code": "Code",
            "valid_until": "Valid until", "was": "Previously", "proposed": "Proposed time",
            "actor": "Administrator"},
    reasons={"None": "not given", "force majeure": "force majeure", "got sick": "illness",
             "schedule conflict": "schedule conflict"},
    greeting="Hello, {name}!",
    footer="This message was sent by Consultation Planner.",
    months=("January", "February", "March", "April", "May", "June", "July", "August",
            "September", "October", "November", "December"),
    weekdays=("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    date_format="{weekday}, {day} {month} {year}",
    decimal_comma=False,
)

RU = Phrases(
    subjects={
        "reserved": "Новая заявка: {other}, {when}",
        "agreed": "Консультация подтверждена: {other}, {when}",
        "declined": "Заявка отклонена: {when}",
        "cancelled_by_specialist": "Консультация отменена: {other}, {when}",
        "cancelled_by_client": "Заявка отозвана: {other}, {when}",
        "declined_by_admin": "Заявка отклонена администратором: {other}, {when}",
        "cancelled_by_admin": "Консультация отменена администратором: {other}, {when}",
        "reminder": "Напоминание о консультации: {other}, {when}",
        "password_reset": "Код для сброса пароля",
        "moved": "Заявка перенесена: {other}, {when}",
        "move_proposed": "Предложено новое время консультации: {other}",
        "move_accepted": "Новое время принято: {other}, {when}",
        "move_declined": "Новое время отклонено: {other}; консультация остаётся в прежнее время",
        "rescheduled": "Консультация перенесена: {other}, {when}",
    },
    intros={
        "reserved": "Клиент просит о консультации. Подтвердите или отклоните заявку "
                    "в Планировщике консультаций.",
        "agreed": "Специалист подтвердил вашу консультацию.",
        "declined": "Специалист отклонил вашу заявку на консультацию.",
        "cancelled_by_specialist": "Специалист отменил согласованную консультацию.",
        "cancelled_by_client": "Клиент отозвал заявку на консультацию; это время снова свободно.",
        "declined_by_admin": "Администратор от вашего имени отклонил заявку клиента на консультацию; "
                             "это время снова свободно. Клиенту сообщено.",
        "cancelled_by_admin": "Администратор от вашего имени отменил согласованную консультацию; "
                              "это время снова свободно. Клиенту сообщено.",
        "reminder": "Напоминаем о предстоящей консультации.",
        "password_reset": "Кто-то (надеемся, вы) попросил сбросить пароль вашей учётной записи "
                          "в Планировщике консультаций. Введите этот код в Планировщике вместе "
                          "с новым паролем. Код действует один раз.",
        "moved": "Клиент перенёс заявку на другой ваш слот; прежнее время снова свободно.",
        "move_proposed": "Специалист предлагает новое время согласованной консультации. Примите его "
                         "или оставьте прежнее в Планировщике консультаций.",
        "move_accepted": "Клиент принял новое время; прежнее время снова свободно.",
        "move_declined": "Клиент оставил согласованное время; предложенное время снова свободно.",
        "rescheduled": "Ваша консультация перенесена на новое время.",
    },
    invite_notes={
        "agreed": "Приглашение во вложении (invite.ics) добавит её в ваш календарь.",
        "cancelled_by_specialist": "Обновление во вложении (cancel.ics) удалит её из вашего календаря.",
        "password_reset": "Если вы не просили об этом, просто не отвечайте на это письмо: пароль "
                          "останется прежним, а код перестанет действовать сам.",
        "rescheduled": "Обновление во вложении (invite.ics) перенесёт её в вашем календаре.",
    },
    invite_summary="Консультация: {other}",
    labels={"when": "Когда", "specialist": "Специалист", "client": "Клиент", "topic": "Тема",
            "cost": "Стоимость", "reason": "Причина", "comment": "Комментарий", "code": "Код",
            "valid_until": "Действует до", "was": "Прежде", "proposed": "Предложенное время",
            "actor": "Администратор"},
    reasons={"None": "не указана", "force majeure": "форс-мажор", "got sick": "болезнь",
             "schedule conflict": "накладка в расписании"},
    greeting="Здравствуйте, {name}!",
    footer="Это письмо отправлено Планировщиком консультаций.",
    months=("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
            "сентября", "октября", "ноября", "декабря"),
    weekdays=("понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье"),
    date_format="{weekday}, {day} {month} {year} г.",
    decimal_comma=True,
)

CATALOG = {"en": EN, "ru": RU}


def phrases(language: str) -> Phrases:
    """The recipient's language, English when unknown."""
    return CATALOG.get(language, EN)


def zone(name: str) -> ZoneInfo | timezone:
    try:
        return ZoneInfo(name) if name and name != "UTC" else timezone.utc
    except (ZoneInfoNotFoundError, ValueError):
        return timezone.utc


def _date(local: datetime, words: Phrases) -> str:
    return words.date_format.format(weekday=words.weekdays[local.weekday()], day=local.day,
                                    month=words.months[local.month - 1], year=local.year)


def when_short(start: datetime, zone_name: str, words: Phrases) -> str:
    """For subjects: ``5 December 2030, 14:00``."""
    local = start.astimezone(zone(zone_name))
    return f"{local.day} {words.months[local.month - 1]} {local.year}, {local:%H:%M}"


def when_long(start: datetime, end: datetime, zone_name: str, words: Phrases) -> str:
    """``Monday, 5 December 2030, 14:00–15:00 (Europe/Moscow)``; the end's date if it differs."""
    tz = zone(zone_name)
    local_start, local_end = start.astimezone(tz), end.astimezone(tz)
    until = f"{local_end:%H:%M}"
    if local_end.date() != local_start.date():
        until = f"{_date(local_end, words)}, {until}"
    return f"{_date(local_start, words)}, {local_start:%H:%M}–{until} ({zone_name or 'UTC'})"


def money(cents: int, words: Phrases) -> str:
    text = f"{cents // 100}.{cents % 100:02d}"
    return text.replace(".", ",") if words.decimal_comma else text
