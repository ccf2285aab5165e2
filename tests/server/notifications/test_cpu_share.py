"""A sender limited to a share of the CPU keeps to it with all its threads together, counting what
sending takes as well as rendering (a storm's requests come first; the backlog waits)."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from planner_server.notifications import sender as sender_module
from tests.server.helpers import create_slot, future, register


class CpuLedger:
    """Stands in for the threads' CPU clock: sending costs 30 ms and everything else nothing."""

    def __init__(self) -> None:
        self.used: dict[int, float] = {}
        self.pauses: list[float] = []

    def clock(self) -> float:
        return self.used.get(threading.get_ident(), 0.0)

    def spend(self, seconds: float) -> None:
        self.used[threading.get_ident()] = self.clock() + seconds

    def pause(self, seconds: float) -> None:
        self.pauses.append(seconds)


class CostlyBackend:
    name = "costly"

    def __init__(self, ledger: CpuLedger) -> None:
        self.ledger = ledger
        self.sent = 0

    def send(self, message: Any) -> str:
        self.ledger.spend(0.030)
        self.sent += 1
        return ""

    def close(self) -> None:
        pass


@pytest.mark.parametrize(("share", "connections", "pause"), [(0.25, 1, 0.090), (0.25, 3, 0.330),
                                                             (1.0, 3, None)])
async def test_each_thread_pauses_for_its_part_of_the_share(share, connections, pause, client, settings,
                                                            make_sender, monkeypatch):
    ledger = CpuLedger()
    monkeypatch.setattr(sender_module, "thread_cpu", ledger.clock)
    monkeypatch.setattr(sender_module, "pause", ledger.pause)
    specialist = await register(client, "specialist")
    customer = await register(client, "client")
    slot = await create_slot(client, specialist, future())
    await client.patch(f"/slots/{slot['id']}/reserve/", headers=customer.headers)
    backend = CostlyBackend(ledger)
    sender = make_sender(settings=settings.model_copy(update={"email_connections": connections}),
                         backend=backend, cpu_share=share)
    assert await sender.drain() == 1 and backend.sent == 1
    # 30 ms of CPU at a quarter of a core: 90 ms of pause for one thread; three threads at once
    # each keep to a twelfth (330 ms); no limit, no pause
    assert ledger.pauses == ([] if pause is None else [pytest.approx(pause)])
