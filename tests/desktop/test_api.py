"""The HTTP client against a real embedded server: typed answers, domain errors, token refresh."""

from __future__ import annotations

import inspect
import socket
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest

from planner_desktop.api import ApiClient
from planner_shared.enums import CancelReason, Role, SlotStatus
from planner_shared.errors import Conflict, Forbidden, Invalid, NotFound, Unauthorized, Unavailable
from planner_shared.schemas import (
    SeriesCreate,
    SlotCreate,
    SlotRead,
    SlotUpdate,
    UserAdminUpdate,
    UserCreate,
    UserRead,
    UserSelfUpdate,
)
from tests.desktop.spine import PASSWORD, account, admin_account, server, unique_email

__all__ = ["server"]


def slot_body(days: float = 2, hour: int = 10) -> SlotCreate:
    start = (datetime.now(timezone.utc) + timedelta(days=days)).replace(hour=hour, minute=0, second=0,
                                                                         microsecond=0)
    return SlotCreate(start_time=start, end_time=start + timedelta(hours=1), context="Talk",
                      cost=Decimal("12.50"))


def test_the_slot_life_cycle_through_typed_methods(server) -> None:  # type: ignore[no-untyped-def]
    specialist, me, _ = account(server.url, Role.SPECIALIST)
    client, _, _ = account(server.url, Role.CLIENT)
    slot = specialist.create_slot(slot_body())
    assert isinstance(slot, SlotRead) and slot.status is SlotStatus.FREE and slot.specialist == me.id
    slot = specialist.update_slot(slot.id, SlotUpdate(context="Longer talk"))
    assert slot.context == "Longer talk" and slot.cost == Decimal("12.50")  # unset fields untouched
    assert client.reserve(slot.id).status is SlotStatus.AGREEMENT
    assert specialist.agree(slot.id).status is SlotStatus.RESERVED
    with pytest.raises(Conflict):
        client.cancel_client(slot.id)  # agreed: too late for the client
    freed = specialist.cancel_specialist(slot.id, CancelReason.GOT_SICK, "Sorry")
    assert freed.status is SlotStatus.FREE
    assert [s.id for s in specialist.slots(status=SlotStatus.FREE)] == [slot.id]
    assert specialist.slot(slot.id).id == slot.id
    history = client.history()
    assert history and history[0].reason is CancelReason.GOT_SICK
    series = specialist.create_series(SeriesCreate(**slot_body(days=10).model_dump(),
                                                   weekdays=[0, 2], weeks=2))
    assert series.created and not series.collisions
    assert {s.start_time.weekday() for s in series.created} <= {0, 2}
    specialist.delete_slot(slot.id)
    with pytest.raises(NotFound):
        specialist.slot(slot.id)


def test_users_endpoints_and_errors_map_to_domain_errors(server) -> None:  # type: ignore[no-untyped-def]
    admin, _ = admin_account(server)
    client, me, email = account(server.url, Role.CLIENT)
    assert client.update_me(UserSelfUpdate(first_name="Renamed")).first_name == "Renamed"
    with pytest.raises(Forbidden):
        client.users()
    found = admin.users(role=Role.CLIENT, search=email)
    assert [u.id for u in found] == [me.id] and isinstance(found[0], UserRead)
    assert admin.user(me.id).email == email
    assert admin.update_user(me.id, UserAdminUpdate(last_name="Edited")).last_name == "Edited"
    assert admin.block_user(me.id).is_blocked
    with pytest.raises(Forbidden) as blocked:
        ApiClient(server.url).sign_in(email, PASSWORD)
    assert blocked.value.code == "user_blocked"
    assert not admin.unblock_user(me.id).is_blocked
    with pytest.raises(Invalid):
        admin.update_user(me.id, UserAdminUpdate.model_construct(phone="not a phone", _fields_set={"phone"}))
    assert isinstance(admin.outbox(), list)

    api = ApiClient(server.url)
    with pytest.raises(Unauthorized) as wrong:
        api.sign_in(email, "wrong-password1")
    assert wrong.value.code == "bad_credentials"
    with pytest.raises(Conflict) as taken:
        api.register(UserCreate(first_name="A", last_name="B", email=email, role=Role.CLIENT,
                                password=PASSWORD))
    assert taken.value.code == "email_taken"


def test_an_expired_access_token_is_refreshed_transparently(server) -> None:  # type: ignore[no-untyped-def]
    seen: list[tuple[str | None, str | None]] = []
    api = ApiClient(server.url, on_tokens=lambda access, refresh: seen.append((access, refresh)))
    _, me, email = account(server.url, Role.CLIENT)
    api.sign_in(email, PASSWORD)
    refresh = api.refresh_token
    api._tokens.access = "an.expired.token"  # what the server says of an old access token: 401
    assert api.me().id == me.id
    assert seen[-1][0] not in (None, "an.expired.token") and seen[-1][1] == refresh
    assert api.verify(seen[-1][0]) and not api.verify("nonsense")

    clone = api.clone()  # shares the tokens: the long-poll client refreshes for both
    assert clone.me().id == me.id

    api._tokens.access, api._tokens.refresh = "an.expired.token", "a.broken.refresh"
    with pytest.raises(Unauthorized) as ended:
        api.me()
    assert ended.value.code == "session_expired" and not api.signed_in


def test_an_unreachable_server_raises_unavailable() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    api = ApiClient(f"http://127.0.0.1:{port}")
    with pytest.raises(Unavailable) as error:
        api.sign_in(unique_email("x"), PASSWORD)
    assert error.value.code == "unreachable" and f"127.0.0.1:{port}" in error.value.detail
    assert not api.health()


def test_one_method_per_endpoint_of_the_contract() -> None:
    endpoints = {"register", "sign_in", "resume", "verify", "me", "update_me", "users", "user",
                 "update_user", "block_user", "unblock_user", "slots", "slot", "create_slot",
                 "create_series", "update_slot", "delete_slot", "agree", "cancel_specialist", "reserve",
                 "cancel_client", "history", "sync", "outbox", "retry_outbox"}
    methods = {name for name, _ in inspect.getmembers(ApiClient, inspect.isfunction)}
    assert endpoints <= methods
