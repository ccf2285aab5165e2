"""Reading the change feed in tests: one page, every page, and compact views of the changes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import httpx

from tests.server.helpers import Account


async def page(client: httpx.AsyncClient, account: Account, since: int, **params: Any) -> dict[str, Any]:
    response = await client.get("/sync/", params={"since": since, **params}, headers=account.headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def head(client: httpx.AsyncClient, account: Account) -> int:
    response = await client.get("/sync/", headers=account.headers)
    assert response.status_code == 200, response.text
    assert response.json()["snapshot"] is True
    return int(response.json()["cursor"])


async def drain(client: httpx.AsyncClient, account: Account, since: int,
                limit: int = 1000) -> tuple[list[dict[str, Any]], int]:
    """Every change after ``since``, page by page, and the final cursor."""
    changes: list[dict[str, Any]] = []
    while True:
        body = await page(client, account, since, limit=limit)
        assert body["cursor"] >= since
        changes.extend(body["changes"])
        since = body["cursor"]
        if not body["more"]:
            return changes, since


def brief(changes: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """(id, op, status, client) of each slot change: what a test usually compares."""
    result = []
    for change in changes:
        assert change["entity"] == "slot", change
        data = change["data"]
        result.append((change["id"], change["op"], data and data["status"], data and data["client"]))
    return result


def normal(value: Any) -> Any:
    """JSON with its timestamps parsed, so that equal instants compare equal however written."""
    if isinstance(value, dict):
        return {key: (datetime.fromisoformat(item) if isinstance(item, str) and key.endswith(
            ("_time", "_at")) else normal(item)) for key, item in value.items()}
    if isinstance(value, list):
        return [normal(item) for item in value]
    return value
