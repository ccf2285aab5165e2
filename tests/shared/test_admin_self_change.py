"""The rule both sides apply before an administrator edits their own account."""

from __future__ import annotations

import pytest

from planner_shared.enums import Role
from planner_shared.rules import admin_self_change_refusal


@pytest.mark.parametrize(("changes", "code"), [
    ({"is_blocked": True}, "self_block"),
    ({"role": "client"}, "self_demote"),
    ({"role": Role.SPECIALIST}, "self_demote"),
    ({"is_active": False}, "self_deactivate"),
    ({"first_name": "Ada", "is_blocked": True}, "self_block"),
])
def test_refused(changes: dict, code: str) -> None:
    refusal = admin_self_change_refusal(changes)
    assert refusal is not None and refusal.code == code and refusal.http_status == 403


@pytest.mark.parametrize("changes", [
    {}, {"first_name": "Ada"}, {"role": "admin"}, {"role": Role.ADMIN}, {"is_blocked": False},
    {"is_active": True}, {"is_staff": False},
])
def test_allowed(changes: dict) -> None:
    assert admin_self_change_refusal(changes) is None
