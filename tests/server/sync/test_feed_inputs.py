"""Property: whatever the feed's query parameters and a path's id, the answer is never a 5xx.

Every cursor the API accepts (0 … 2^63-1) answers a page or 410; anything else a 4xx with a
readable detail. Ids and cursors run up to 2^63-1 and far beyond, in both signs, and as text.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.server.helpers import make_users

MAX_CURSOR = 2**63 - 1
EDGES = [0, 1, 2**31 - 1, 2**31, 2**53, MAX_CURSOR - 10_000, MAX_CURSOR - 1, MAX_CURSOR, 2**63, 2**64]
NUMBERS = st.one_of(st.sampled_from(EDGES), st.integers(MAX_CURSOR - 20_000, MAX_CURSOR + 20_000),
                    st.integers(-(2**80), 2**80))
TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs")), max_size=12)
# A valid wait holds the request when the cursor is current: only short ones, or invalid ones.
WAITS = st.one_of(st.none(), st.sampled_from(["0", "0.01", "-1", "31", "nan", "inf", "1e400", ""]),
                  st.floats(0, 0.02), st.integers(31, 2**70), TEXT)
LIMITS = st.one_of(st.none(), st.integers(-(2**70), 2**70), TEXT)
EXAMPLES = settings(max_examples=150, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def _query(**values: Any) -> dict[str, str]:
    return {name: str(value) for name, value in values.items() if value is not None}


def _number_in(value: Any, low: float, high: float) -> bool:
    """Whether the schema accepts this value of a parameter with these bounds (None: absent)."""
    return value is None or (isinstance(value, int | float) and low <= value <= high)


def _readable(response: Any) -> None:
    assert response.status_code < 500, (response.request.url, response.status_code, response.text)
    if response.status_code >= 400:
        assert isinstance(response.json().get("detail"), str) and response.json()["detail"].strip()


async def _user(app: Any, store: dict[str, Any]) -> Any:
    if "user" not in store:  # one user for every example of the run
        store["user"], = await make_users(app, "admin", 1)
    return store["user"]


@given(since=st.one_of(st.none(), NUMBERS, TEXT), wait=WAITS, limit=LIMITS)
@example(since=MAX_CURSOR, wait=None, limit=None)
@example(since=9223372036854775000, wait="1", limit=None)
@example(since=MAX_CURSOR, wait="1", limit=None)
@example(since=MAX_CURSOR - 5_000, wait=None, limit=1000)
@EXAMPLES
async def test_the_feed_never_answers_a_server_error(app, client, since, wait, limit):
    user = await _user(app, _STORE)
    response = await client.get("/sync/", params=_query(since=since, wait=wait, limit=limit),
                                headers=user.headers)
    _readable(response)
    if _number_in(since, 0, MAX_CURSOR) and _number_in(wait, 0, 30) and _number_in(limit, 1, 1000):
        assert response.status_code in (200, 410), response.text
        if response.status_code == 410:
            assert response.json()["code"] in ("cursor_unknown", "cursor_expired")


@given(number=st.one_of(NUMBERS, TEXT),
       path=st.sampled_from(["/slots/{}/", "/slots/{}/reserve/", "/slots/{}/agree/",
                             "/slots/{}/cancel_specialist/", "/users/{}/", "/users/{}/block_user/",
                             "/outbox/{}/retry/"]))
@example(number=MAX_CURSOR, path="/slots/{}/")
@example(number=2**63, path="/users/{}/")
@EXAMPLES
async def test_path_ids_never_answer_a_server_error(app, client, number, path):
    user = await _user(app, _STORE)
    method = "GET" if path.count("/") == 3 else ("POST" if path.startswith("/outbox") else "PATCH")
    _readable(await client.request(method, path.format(number), headers=user.headers))


_STORE: dict[str, Any] = {}


def setup_function() -> None:
    _STORE.clear()  # each test (and each database) starts without a user
