"""A lean lane for the two requests that come in floods: a reservation, and a desktop's long-poll
of the change feed.

Routing, dependency solving and the middleware of FastAPI cost more than these requests' own work.
Well-formed ones are answered here, through the same functions and with the same error answers as
their routes (slots/views.py, sync/views.py). Anything else — a parameter that is not plainly
valid, a snapshot request, every other endpoint — goes on to FastAPI, which validates, documents
and answers it as always.
"""

from __future__ import annotations

import math
import re
from typing import Any
from urllib.parse import parse_qsl

from starlette.datastructures import Headers
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from planner_server.context import ServerContext
from planner_server.deps import access_user_id
from planner_server.errors import error_response
from planner_server.jsonresponse import JSONBytes
from planner_server.slots import service as slots
from planner_server.sync import feed, longpoll
from planner_server.sync.feature import feed_principal, follow_feed
from planner_shared.rules import MAX_ID

API_PREFIX = "/api/v1"
_RESERVE = re.compile(re.escape(API_PREFIX) + r"/slots/([0-9]{1,10})/reserve/")
_SYNC = API_PREFIX + "/sync/"
_DIGITS = re.compile(r"[0-9]{1,19}")
_DECIMAL = re.compile(r"[0-9]{1,6}(\.[0-9]{1,6})?")


class HotLane:
    """ASGI middleware: answers the flood requests it recognises, hands on everything else."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            answer = await self._answer(scope)
            if answer is not None:
                await answer(scope, receive, send)
                return
        await self.app(scope, receive, send)

    async def _answer(self, scope: Scope) -> Response | None:
        method, path = scope["method"], scope["path"]
        if method == "PATCH" and (match := _RESERVE.fullmatch(path)):
            slot_id = int(match[1])
            return await _reserve(scope, slot_id) if 1 <= slot_id <= MAX_ID else None
        if method == "GET" and path == _SYNC:
            params = feed_params(scope["query_string"])
            return await _follow(scope, **params) if params is not None else None
        return None


def feed_params(query: bytes) -> dict[str, Any] | None:
    """since/wait/limit of a long-poll, when each is plainly valid and since is given; else None."""
    try:
        pairs = parse_qsl(query.decode("ascii"), keep_blank_values=True, strict_parsing=bool(query))
    except (UnicodeDecodeError, ValueError):
        return None
    given = dict(pairs)
    if len(given) != len(pairs) or not set(given) <= {"since", "wait", "limit"} or "since" not in given:
        return None
    since, wait, limit = given["since"], given.get("wait", "0"), given.get("limit")
    if not _DIGITS.fullmatch(since) or not _DECIMAL.fullmatch(wait):
        return None
    if limit is not None and not _DIGITS.fullmatch(limit):
        return None
    params = {"since": int(since), "wait": float(wait),
              "limit": int(limit) if limit is not None else feed.DEFAULT_LIMIT}
    valid = (params["since"] <= feed.MAX_CURSOR and math.isfinite(params["wait"])
             and params["wait"] <= longpoll.MAX_WAIT and 1 <= params["limit"] <= feed.MAX_LIMIT)
    return params if valid else None


def _context(scope: Scope) -> ServerContext:
    context: ServerContext = scope["app"].state.context
    return context


def _user_id(scope: Scope, context: ServerContext) -> int:
    return access_user_id(context, Headers(scope=scope).get("authorization", ""))


async def _reserve(scope: Scope, slot_id: int) -> Response:
    context = _context(scope)
    try:
        slot = await slots.reserve_for(db=context.db, client_id=_user_id(scope, context), slot_id=slot_id)
    except Exception as error:
        return _failure(error)
    return JSONBytes(slot)


async def _follow(scope: Scope, *, since: int, wait: float, limit: int) -> Response:
    context = _context(scope)
    try:
        user = await feed_principal(context, _user_id(scope, context))
        page = await follow_feed(context, user, since=since, wait=wait, limit=limit)
    except Exception as error:
        return _failure(error)
    return JSONBytes(page)


def _failure(error: Exception) -> Response:
    response = error_response(error)
    if response is None:
        raise error  # a bug: the server's 500, as on any route
    return response
