"""However malformed the request, the answer is a 4xx with a readable ``detail``, never a 500.

Each case is sent as the user the endpoint is meant for, so the input reaches the code that reads
it rather than stopping at the door.
"""

from __future__ import annotations

import json
from typing import Any

from tests.server.helpers import PASSWORD, act, create_slot, future, make_users, slot_body

HUGE = "x" * 100_000
NUL = "bad\x00text"
GOOD_SLOT = slot_body(future(30))
FAR = "9999-12-31T23:00:00-12:00"  # beyond year 9999 once converted to UTC
EARLY = "0001-01-01T00:00:00+01:00"  # before year 1 in UTC


def _slot(**changes: Any) -> dict[str, Any]:
    return {**GOOD_SLOT, **changes}


def _raw(text: str, content_type: str = "application/json") -> dict[str, Any]:
    return {"content": text.encode("utf-8", "surrogatepass"), "headers": {"content-type": content_type}}


REGISTRATION = {"first_name": "A", "last_name": "B", "email": "fresh@example.com", "role": "client",
                "password": PASSWORD}

# (who, method, path, request keyword arguments)
CASES: list[tuple[str, str, str, dict[str, Any]]] = [
    # Bodies that are not JSON objects, or not JSON at all.
    *[("anonymous", "POST", "/register/", kw) for kw in (
        {"json": []}, {"json": "text"}, {"json": None}, {"json": 42}, _raw("not json"), _raw("{"),
        _raw(""), _raw("[" * 100_000), _raw('{"email": "a@b.c", "password": "x"', "text/plain"),
        _raw("\xff\xfe garbage"), {"content": b"\xff\xfe\x00garbage",
                                   "headers": {"content-type": "application/json"}},
    )],
    # Wrong types, huge and unstorable strings in registration.
    *[("anonymous", "POST", "/register/", {"json": {**REGISTRATION, **change}}) for change in (
        {"first_name": HUGE}, {"last_name": ["x"]}, {"email": HUGE + "@example.com"}, {"email": 5},
        {"password": HUGE}, {"password": 12345678}, {"role": {"name": "client"}}, {"first_name": NUL},
        {"middle_name": NUL}, {"phone": NUL}, {"phone": "1" * 100}, {"time_zone": HUGE},
        {"time_zone": NUL}, {"language": NUL}, {"email": "a\x00@example.com"}, {"role": 10**30},
    )],
    ("anonymous", "POST", "/register/", _raw('{"first_name": "\\ud800", "last_name": "B", '
                                            '"email": "s@example.com", "role": "client", '
                                            '"password": "secret123"}')),
    # Sign-in and tokens.
    *[("anonymous", "POST", "/auth/jwt/create/", kw) for kw in (
        {"json": {"email": NUL, "password": "secret123"}}, {"json": {"email": "a@b.c", "password": NUL}},
        {"json": {"email": HUGE, "password": "x"}}, {"json": {"email": "a@b.c", "password": HUGE}},
        {"json": {"email": None, "password": None}}, {"json": {}}, {"json": ["a@b.c", "x"]},
        _raw('{"email": "\\udfff", "password": "x"}'),
    )],
    *[("anonymous", "POST", "/auth/jwt/refresh/", {"json": body}) for body in (
        {"refresh": NUL}, {"refresh": HUGE}, {"refresh": ""}, {"refresh": 5}, {}, {"refresh": "a.b.c"},
    )],
    *[("anonymous", "POST", "/auth/jwt/verify/", {"json": body}) for body in (
        {"token": NUL}, {"token": HUGE}, {"token": ""}, {"token": {"a": 1}}, {"token": "ä.ö.ü"},
    )],
    # Slots: bad dates, naive datetimes, out-of-range years, negative and odd costs.
    *[("specialist", "POST", "/slots/", {"json": body}) for body in (
        _slot(start_time="2030-02-30T10:00:00Z"), _slot(start_time="tomorrow"), _slot(start_time=12345),
        _slot(start_time=""), _slot(start_time=None), _slot(end_time="2030-01-01T25:00:00Z"),
        _slot(start_time="2030-01-01T10:00:00", end_time="2030-01-01T11:00:00"),
        _slot(start_time=FAR, end_time=FAR), _slot(start_time=EARLY, end_time=EARLY),
        _slot(start_time="9999-12-31T20:00:00-12:00", end_time="9999-12-31T21:00:00-12:00"),
        _slot(cost=-1), _slot(cost="-0.01"), _slot(cost="abc"), _slot(cost=True), _slot(cost="1e400"),
        _slot(cost="1.001"), _slot(cost=10**12), _slot(cost="NaN"), _slot(cost="Infinity"),
        _slot(cost=[1]), _slot(context="x" * 256), _slot(context=HUGE), _slot(context=NUL),
        _slot(context=7), {}, _slot(end_time=GOOD_SLOT["start_time"]),
    )],
    *[("specialist", "POST", "/slots/", _raw(text)) for text in (
        '{"start_time": "2030-01-01T10:00:00Z", "end_time": "2030-01-01T11:00:00Z", "cost": NaN}',
        '{"start_time": "2030-01-01T10:00:00Z", "end_time": "2030-01-01T11:00:00Z", "cost": Infinity}',
        '{"start_time": "2030-01-01T10:00:00Z", "end_time": "2030-01-01T11:00:00Z", "cost": -Infinity}',
        '{"start_time": "2030-01-01T10:00:00Z", "end_time": "2030-01-01T11:00:00Z", "cost": 1'
        + "0" * 5000 + "}",
        '{"start_time": "2030-01-01T10:00:00Z", "end_time": "2030-01-01T11:00:00Z", "context": "\\ud800"}',
    )],
    *[("specialist", "POST", "/slots/series/", {"json": body}) for body in (
        {**GOOD_SLOT, "weekdays": [0], "weeks": 10**30},
        {**GOOD_SLOT, "weekdays": [0.5], "weeks": 1},
        {**GOOD_SLOT, "weekdays": [0] * 1000, "weeks": 1},
        {"start_time": FAR, "end_time": FAR, "weekdays": [0], "weeks": 52},
        {**GOOD_SLOT, "weekdays": [0], "weeks": 1, "time_zone": NUL},
        {**GOOD_SLOT, "weekdays": [0], "weeks": 1, "time_zone": "../../etc/passwd"},
    )],
    # Edits of an existing slot ({slot}) with the same kinds of junk.
    *[("specialist", "PATCH", "/slots/{slot}/", {"json": body}) for body in (
        {"start_time": FAR}, {"end_time": EARLY}, {"start_time": "2030-01-01T10:00:00"}, {"cost": -5},
        {"cost": "NaN"}, {"context": HUGE}, {"context": NUL}, [], "x", {"end_time": "yesterday"},
    )],
    # Cancel bodies.
    *[(who, "PATCH", f"/slots/{{held}}/{action}/", {"json": body})
      for who, action in (("client", "cancel_client"), ("specialist", "cancel_specialist"))
      for body in ({"reason": "bored"}, {"reason": NUL}, {"text": HUGE}, {"text": NUL}, [], "x", 5)],
    # Paths: huge, negative, zero and non-numeric ids.
    *[("specialist", method, path, {}) for method, path in (
        ("GET", "/slots/99999999999999999999999/"), ("GET", "/slots/-1/"), ("GET", "/slots/0/"),
        ("GET", "/slots/abc/"), ("GET", "/slots/1.5/"), ("GET", "/slots/1e3/"),
        ("PATCH", "/slots/99999999999999999999999/agree/"), ("DELETE", "/slots/2147483648/"),
        ("PATCH", "/slots/%00/"), ("GET", "/slots/" + "9" * 5000 + "/"),
    )],
    ("client", "PATCH", "/slots/99999999999999999999999/reserve/", {}),
    *[("admin", method, path, {"json": {}}) for method, path in (
        ("GET", "/users/99999999999999999999/"), ("PATCH", "/users/-5/"), ("PATCH", "/users/abc/block_user/"),
        ("PATCH", "/users/2147483648/unblock_user/"),
    )],
    # Query strings.
    *[("client", "GET", "/slots/", {"params": params}) for params in (
        {"from": "garbage"}, {"from": "2030-01-01T10:00:00"}, {"to": "2030-13-01T00:00:00Z"},
        {"from": EARLY}, {"to": FAR}, {"from": "0001-01-01T00:00:00Z"}, {"limit": 0}, {"limit": -1},
        {"limit": 10**30}, {"offset": -5}, {"offset": 10**30}, {"specialist": "abc"},
        {"specialist": 10**30}, {"status": "lost"}, {"status": NUL}, {"from": NUL},
    )],
    *[("admin", "GET", "/users/", {"params": params}) for params in (
        {"role": "wizard"}, {"is_blocked": "maybe"}, {"search": "x" * 201}, {"search": NUL},
        {"role": NUL},
    )],
    # Profiles.
    *[("client", "PATCH", "/users/me/", {"json": body}) for body in (
        {"first_name": ""}, {"first_name": HUGE}, {"first_name": NUL}, {"phone": "letters"},
        {"time_zone": "Nowhere"}, {"language": "xx"}, [], {"first_name": {"x": 1}},
    )],
    *[("admin", "PATCH", "/users/{user}/", {"json": body}) for body in (
        {"role": "emperor"}, {"role": 7}, {"is_blocked": "perhaps"}, {"is_staff": [True]},
        {"last_name": NUL}, {"phone": NUL},
    )],
    # Authorization headers that are not tokens.
    *[("anonymous", "GET", "/users/me/", {"headers": {"Authorization": header}}) for header in (
        "Bearer " + "A" * 10_000, "Bearer a.b.c", "Bearer \x7f", "JWT ", "Bearer eyJhbGciOiJub25lIn0.e30.",
    )],
]


def _check(who: str, method: str, path: str, response: Any, problems: list[str]) -> None:
    where = f"{who} {method} {path[:80]}"
    if not 400 <= response.status_code < 500:
        problems.append(f"{where}: status {response.status_code} {response.text[:300]}")
        return
    try:
        body = response.json()
    except json.JSONDecodeError:
        problems.append(f"{where}: not JSON: {response.text[:200]}")
        return
    if not isinstance(body, dict) or not isinstance(body.get("detail"), str) or not body["detail"].strip():
        problems.append(f"{where}: no readable detail: {body}")


async def test_malformed_requests_get_4xx_with_a_detail(app, client):
    specialist, = await make_users(app, "specialist", 1)
    customer, victim = await make_users(app, "client", 2)
    admin, = await make_users(app, "admin", 1)
    free = await create_slot(client, specialist, future(1))
    held = await create_slot(client, specialist, future(3))
    assert (await act(client, customer, held, "reserve")).status_code == 200
    accounts = {"specialist": specialist, "client": customer, "admin": admin}

    problems: list[str] = []
    for who, method, path, kwargs in CASES:
        path = path.format(slot=free["id"], held=held["id"], user=victim.id)
        headers = dict(accounts[who].headers) if who in accounts else {}
        headers.update(kwargs.get("headers", {}))
        arguments = {k: v for k, v in kwargs.items() if k != "headers"}
        response = await client.request(method, path, headers=headers, **arguments)
        _check(who, method, path, response, problems)
    assert not problems, "\n".join(problems)
    assert len(CASES) > 150

    # A series running past the last accepted year creates what fits and reports the rest.
    late = {"start_time": "2199-12-01T10:00:00Z", "end_time": "2199-12-01T11:00:00Z", "weekdays": [0, 3],
            "weeks": 52}
    response = await client.post("/slots/series/", json=late, headers=specialist.headers)
    assert response.status_code == 201, response.text
    assert len(response.json()["created"]) == 9
    assert {c["code"] for c in response.json()["collisions"]} == {"datetime_out_of_range"}
    for slot in response.json()["created"]:
        assert (await client.delete(f"/slots/{slot['id']}/", headers=specialist.headers)).status_code == 204

    # Nothing of it changed anything.
    for slot, status in ((free, "free"), (held, "agreement")):
        current = (await client.get(f"/slots/{slot['id']}/", headers=specialist.headers)).json()
        assert (current["status"], current["version"], current["context"]) == (status, slot["version"] + (
            status == "agreement"), slot["context"])
    users = (await client.get("/users/", headers=admin.headers)).json()
    assert len(users) == 4 and not any(u["is_blocked"] for u in users)
