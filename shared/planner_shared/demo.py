"""The demo population (``planner --demo``): who is in it and a realistic fortnight of slots.

Plain data and a deterministic plan, pure Python (no Qt, no SQLAlchemy), so that both sides can
use it: ``planner_server.demo.seed_demo`` writes it through the server's own services into an
empty database (the built-in server with ``planner --demo``, a team server with
``planner-server seed-demo``), and the desktop lists the accounts.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from decimal import Decimal

from planner_shared.enums import CancelReason, Role
from planner_shared.rules import overlaps

DEMO_PASSWORD = "demo1234"


@dataclass(frozen=True)
class DemoAccount:
    email: str
    role: Role
    first_name: str
    last_name: str
    middle_name: str = ""
    phone: str | None = None
    context: str = ""  # what a specialist offers
    cost: Decimal = Decimal("0")
    blocked: bool = False  # blocked by the administrator: cannot sign in

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"


ADMIN = DemoAccount("admin@demo.example", Role.ADMIN, "Alex", "Admin")
SPECIALISTS = (
    DemoAccount("irina@demo.example", Role.SPECIALIST, "Irina", "Volkova", "Sergeevna",
                "+7 900 000-10-01", "Psychological counselling", Decimal("60.00")),
    DemoAccount("mark@demo.example", Role.SPECIALIST, "Mark", "Chen", "", "+44 20 7946 0102",
                "Tax return review", Decimal("85.00")),
    DemoAccount("sofia@demo.example", Role.SPECIALIST, "Sofia", "Laurent", "", None,
                "Nutrition plan", Decimal("45.50")),
)
CLIENTS = (
    DemoAccount("anna@demo.example", Role.CLIENT, "Anna", "Petrova", "Ivanovna", "+7 900 000-20-01"),
    DemoAccount("ben@demo.example", Role.CLIENT, "Ben", "Walker"),
    DemoAccount("chloe@demo.example", Role.CLIENT, "Chloé", "Martin"),
)
BLOCKED_CLIENT = DemoAccount("dmitry@demo.example", Role.CLIENT, "Dmitry", "Orlov", blocked=True)
ACCOUNTS = (*SPECIALISTS, *CLIENTS, ADMIN)  # the ones that can sign in
EVERYONE = (*ACCOUNTS, BLOCKED_CLIENT)  # every user of the demo database

# start times (hour, minute) and lengths (minutes) of each specialist's working-day slots
DAY_PATTERNS = (
    ((9, 0, 50), (10, 0, 50), (11, 0, 50), (14, 0, 50), (15, 0, 50), (16, 30, 50)),
    ((9, 30, 60), (11, 0, 90), (14, 0, 60), (15, 30, 60)),
    ((8, 30, 45), (10, 0, 45), (12, 0, 30), (13, 0, 45), (16, 0, 45), (17, 0, 45)),
)


@dataclass(frozen=True)
class PlannedSlot:
    specialist: int  # index into SPECIALISTS
    start: datetime
    end: datetime
    context: str
    cost: Decimal
    state: str  # free | agreement | reserved | completed | cancelled (by the client, back to free)
    client: int | None = None  # index into CLIENTS
    reason: CancelReason | None = None
    text: str = ""


def credentials_text() -> str:
    """The demo accounts, as printed on the console and shown in the sign-in dialog."""
    lines = [f"{a.role.value:<10} {a.email:<22} {a.name}" for a in ACCOUNTS]
    return "\n".join(lines) + f"\npassword for every account: {DEMO_PASSWORD}"


def week_plan(now: datetime, zone: tzinfo, *, seed: int = 7) -> list[PlannedSlot]:
    """This week and next, Monday to Friday, in ``zone``: past slots completed or left free,
    future ones free, awaiting an answer, agreed, and one withdrawn by its client."""
    rng = random.Random(seed)
    today = now.astimezone(zone).date()
    monday = today - timedelta(days=today.weekday())
    plan: list[PlannedSlot] = []
    held: dict[int, list[tuple[datetime, datetime]]] = {i: [] for i in range(len(CLIENTS))}
    cancelled = False
    for day in (monday + timedelta(days=n) for n in range(12) if n % 7 < 5):
        for index, specialist in enumerate(SPECIALISTS):
            for hour, minute, length in DAY_PATTERNS[index]:
                start = _at(day, hour, minute, zone)
                end = start + timedelta(minutes=length)
                roll = rng.random()
                if end <= now:
                    state = "completed" if roll < 0.6 else "free"
                elif start <= now + timedelta(minutes=30):
                    continue  # too close to now to be bookable
                elif roll < 0.5:
                    state = "free"
                elif roll < 0.68:
                    state = "agreement"
                else:
                    state = "reserved"
                client = None
                if state != "free":
                    client = _free_client(rng, held, start, end)
                    if client is None:
                        state = "free"
                    else:
                        held[client].append((start, end))
                reason, text = None, ""
                if state == "agreement" and not cancelled and start > now + timedelta(days=1):
                    state, cancelled = "cancelled", True
                    reason, text = CancelReason.SCHEDULE_CONFLICT, "Sorry, I have to travel that day."
                    held[client].pop()  # type: ignore[index]
                plan.append(PlannedSlot(index, start, end, specialist.context, specialist.cost, state,
                                        client, reason, text))
    return plan


def _at(day: date, hour: int, minute: int, zone: tzinfo) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=zone)


def _free_client(rng: random.Random, held: dict[int, list[tuple[datetime, datetime]]],
                 start: datetime, end: datetime) -> int | None:
    order = list(held)
    rng.shuffle(order)
    for client in order:
        if not any(overlaps(start, end, other_start, other_end) for other_start, other_end in held[client]):
            return client
    return None
