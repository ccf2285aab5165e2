"""The specialist window's early refusals: the shared rules, over an indexed copy of the slots."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from planner_desktop.windows.specialist.slot_checks import SlotChecker
from planner_shared import rules

UTC = timezone.utc
BERLIN = ZoneInfo("Europe/Berlin")
BASE = datetime(2031, 5, 5, 6, 0, tzinfo=UTC)


def test_the_index_finds_exactly_what_the_rule_finds() -> None:
    rng = random.Random(3)
    intervals = []
    for n in range(300):
        start = BASE + timedelta(minutes=5 * rng.randrange(0, 4000))
        intervals.append(rules.Interval(start, start + timedelta(minutes=rng.choice((15, 50, 240, 720))), n))
    checker = SlotChecker(intervals)
    for _ in range(500):
        start = BASE + timedelta(minutes=5 * rng.randrange(-50, 4100))
        end = start + timedelta(minutes=rng.choice((5, 30, 90)))
        ignore = rng.choice([None, rng.randrange(300)])
        found = checker.overlapping(start, end, ignore_id=ignore)
        expected = rules.first_overlap(start, end, sorted(intervals, key=lambda i: i.start), ignore_id=ignore)
        assert (found is None) == (expected is None)
        if found is not None:
            assert rules.overlaps(start, end, found.start, found.end) and found.id != ignore


def test_refusals_use_the_rules_words_in_the_users_zone() -> None:
    slot = rules.Interval(datetime(2031, 5, 6, 8, 0, tzinfo=UTC), datetime(2031, 5, 6, 9, 0, tzinfo=UTC), 7)
    checker = SlotChecker([slot], tz=BERLIN)
    now = datetime(2031, 5, 1, tzinfo=UTC)
    refusal = checker.refusal(slot.start + timedelta(minutes=30), slot.end + timedelta(minutes=30), now=now)
    assert refusal is not None and refusal.code == "slot_overlap"
    assert refusal.detail == "This time overlaps your slot 2031-05-06 10:00–11:00 CEST."
    assert checker.refusal(slot.start, slot.end, now=now).code == "slot_duplicate"
    assert checker.refusal(slot.start, slot.end, 7, now=now) is None  # itself, when moved
    assert checker.refusal(slot.end, slot.end + timedelta(hours=1), now=now) is None  # back to back
    past = checker.refusal(now - timedelta(hours=2), now - timedelta(hours=1), now=now)
    assert past is not None and past.detail == "A slot cannot start in the past."
    assert checker.reason(BASE, BASE) == "A slot cannot start and end at the same time."


def test_a_repeated_hour_is_compared_as_real_time() -> None:
    # 02:30 CEST and 02:30 CET on 26 October 2031 are an hour apart, though the clock reads the same
    first = datetime(2031, 10, 26, 2, 30, tzinfo=BERLIN, fold=0)
    second = datetime(2031, 10, 26, 2, 30, tzinfo=BERLIN, fold=1)
    half_hour = timedelta(minutes=30)  # added in UTC: Python adds to a ZoneInfo time as a wall clock
    checker = SlotChecker([rules.Interval(first, first.astimezone(UTC) + half_hour, 1)], tz=BERLIN)
    assert checker.overlapping(second, second.astimezone(UTC) + half_hour) is None
    assert checker.overlapping(first, first.astimezone(UTC) + timedelta(minutes=10)) is not None
