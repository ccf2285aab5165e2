"""The four races of a move (SPEC §2a), each round two requests at once; after every round the
invariant: the request is in exactly one place (or, declined, in none), never two.

Used in-process on SQLite and PostgreSQL (tests/server/test_move_races.py) and against a real
`planner-server run --workers 2` on PostgreSQL (tests/e2e/test_move_races_server.py).
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

import httpx

from tests.server.helpers import Account, slot_body

# (Anna's move in flight, Boris's reservation not yet sent) → Boris's reservation, held back
Gate = Callable[["asyncio.Future[httpx.Response]", Awaitable[httpx.Response]], Awaitable[httpx.Response]]


class Round:
    """One specialist's slots of one round, laid out apart from every other round's."""

    def __init__(self, http: httpx.AsyncClient, specialist: Account, base: datetime, number: int) -> None:
        self.http, self.specialist = http, specialist
        self.begin = base + timedelta(hours=4 * number)

    async def slot(self, hour: int) -> int:
        response = await self.http.post("/slots/", json=slot_body(self.begin + timedelta(hours=hour)),
                                        headers=self.specialist.headers)
        assert response.status_code == 201, response.text
        return int(response.json()["id"])

    async def state(self) -> dict[int, dict[str, Any]]:
        """The round's slots as the specialist sees them, by id."""
        response = await self.http.get("/slots/", headers=self.specialist.headers, params={
            "from": self.begin.isoformat(), "to": (self.begin + timedelta(hours=4)).isoformat()})
        assert response.status_code == 200, response.text
        return {s["id"]: s for s in response.json()}


async def _patch(http: httpx.AsyncClient, who: Account, slot: int, action: str,
                 body: Any = None) -> httpx.Response:
    return await http.patch(f"/slots/{slot}/{action}/", json=body, headers=who.headers)


async def _ok(http: httpx.AsyncClient, who: Account, slot: int, action: str, body: Any = None) -> None:
    response = await _patch(http, who, slot, action, body)
    assert response.status_code == 200, (action, response.text)


def _one_winner(*answers: httpx.Response) -> list[bool]:
    """Exactly one request succeeded; the others were refused (409, or 404: the booking is gone)."""
    codes = sorted(a.status_code for a in answers)
    assert codes[0] == 200 and set(codes[1:]) <= {404, 409}, [a.text for a in answers]
    return [a.status_code == 200 for a in answers]


def _held_by(state: dict[int, dict[str, Any]], client: Account) -> list[int]:
    return sorted(i for i, s in state.items() if s["client"] == client.id)


async def move_vs_reservation(http: httpx.AsyncClient, specialist: Account, anna: Account,
                              boris: Account, base: datetime, rounds: int,
                              gate: Gate | None = None) -> Counter[str]:
    """Anna moves her request to T while Boris reserves T. ``gate``, when given, wraps Boris's
    request in odd rounds (holding it back until Anna's move has answered: the move's win, which a
    single-statement reservation otherwise almost always beats)."""
    outcomes: Counter[str] = Counter()
    for number in range(rounds):
        r = Round(http, specialist, base, number)
        source, target = await r.slot(0), await r.slot(2)
        await _ok(http, anna, source, "reserve")
        moving = asyncio.ensure_future(_patch(http, anna, source, "move", {"to": target}))
        reserving = _patch(http, boris, target, "reserve")
        if gate is not None and number % 2:
            reserving = gate(moving, reserving)
        move, reserve = await asyncio.gather(moving, reserving)
        moved, _ = _one_winner(move, reserve)
        state = await r.state()
        assert _held_by(state, anna) == [target if moved else source], (state, move.text)
        assert _held_by(state, boris) == ([] if moved else [target])
        assert state[target]["status"] == "agreement"
        outcomes["moved" if moved else "reserved"] += 1
    return outcomes


async def move_vs_decline(http: httpx.AsyncClient, specialist: Account, anna: Account,
                          base: datetime, rounds: int) -> Counter[str]:
    """Anna moves her request while the specialist declines it."""
    outcomes: Counter[str] = Counter()
    for number in range(rounds):
        r = Round(http, specialist, base, number)
        source, target = await r.slot(0), await r.slot(2)
        await _ok(http, anna, source, "reserve")
        move, decline = await asyncio.gather(_patch(http, anna, source, "move", {"to": target}),
                                             _patch(http, specialist, source, "cancel_specialist"))
        moved, _ = _one_winner(move, decline)
        state = await r.state()
        # moved: the request is at T alone (the decline found nothing to decline); declined: the
        # request is gone and the move found nothing to move — never both, never two
        assert _held_by(state, anna) == ([target] if moved else []), (state, move.text, decline.text)
        assert state[source]["status"] == "free"
        outcomes["moved" if moved else "declined"] += 1
    return outcomes


async def _proposed(http: httpx.AsyncClient, r: Round, specialist: Account, anna: Account) -> tuple[int, int]:
    source, target = await r.slot(0), await r.slot(2)
    await _ok(http, anna, source, "reserve")
    await _ok(http, specialist, source, "agree")
    await _ok(http, specialist, source, "propose_move", {"to": target})
    return source, target


async def accept_vs_decline(http: httpx.AsyncClient, specialist: Account, anna: Account,
                            base: datetime, rounds: int) -> Counter[str]:
    """Anna accepts and declines the proposal at once (two desktops)."""
    outcomes: Counter[str] = Counter()
    for number in range(rounds):
        r = Round(http, specialist, base, number)
        source, target = await _proposed(http, r, specialist, anna)
        accept, decline = await asyncio.gather(_patch(http, anna, source, "accept_move"),
                                               _patch(http, anna, source, "decline_move"))
        accepted, _ = _one_winner(accept, decline)
        state = await r.state()
        kept = target if accepted else source
        assert _held_by(state, anna) == [kept], state
        assert state[kept]["status"] == "reserved"
        other = state[source if accepted else target]
        assert (other["status"], other["held_for"], other["proposed_slot"]) == ("free", None, None)
        assert state[kept]["proposed_slot"] is None
        outcomes["accepted" if accepted else "declined"] += 1
    return outcomes


async def two_moves(http: httpx.AsyncClient, specialist: Account, anna: Account, base: datetime,
                    rounds: int) -> Counter[str]:
    """Anna moves one request to two places at once."""
    outcomes: Counter[str] = Counter()
    for number in range(rounds):
        r = Round(http, specialist, base, number)
        source, first, second = await r.slot(0), await r.slot(1), await r.slot(2)
        await _ok(http, anna, source, "reserve")
        one, two = await asyncio.gather(_patch(http, anna, source, "move", {"to": first}),
                                        _patch(http, anna, source, "move", {"to": second}))
        to_first, _ = _one_winner(one, two)
        state = await r.state()
        assert _held_by(state, anna) == [first if to_first else second], state
        outcomes["first" if to_first else "second"] += 1
    return outcomes
