"""The administrator's user table model and its proxy, without a server."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from PySide6.QtCore import QModelIndex, Qt

from planner_desktop.models.user_filter import UserFilterProxyModel
from planner_desktop.models.users import SORT_ROLE, UserColumn, UserTableModel
from planner_shared.enums import Language, Role
from planner_shared.schemas import UserRead

T0 = datetime(2030, 1, 1, tzinfo=timezone.utc)


def user(uid: int, first: str, last: str, *, role: Role = Role.CLIENT, blocked: bool = False,
         phone: str | None = None, email: str | None = None) -> UserRead:
    return UserRead(id=uid, first_name=first, last_name=last, middle_name="", role=role, phone=phone,
                    email=email or f"{first.lower()}@example.com", is_staff=role is Role.ADMIN,
                    is_active=True, is_blocked=blocked, created_at=T0 + timedelta(days=uid),
                    time_zone="UTC", language=Language.EN)


@pytest.fixture
def models(qapp):  # type: ignore[no-untyped-def]
    model = UserTableModel(self_id=1)
    model.set_users([
        user(1, "Ada", "Admin", role=Role.ADMIN),
        user(2, "bob", "Zimmer", phone="+7 900 111"),
        user(3, "Carla", "Ames", role=Role.SPECIALIST, blocked=True),
        user(4, "Dan", "brown", email="dan@work.org"),
    ])
    proxy = UserFilterProxyModel()
    proxy.setSourceModel(model)
    return model, proxy


def shown(proxy: UserFilterProxyModel, column: UserColumn = UserColumn.ID) -> list:
    return [proxy.index(r, column).data(Qt.ItemDataRole.DisplayRole) for r in range(proxy.rowCount())]


def test_models_pass_the_model_tester(models, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model, proxy = models
    qtmodeltester.check(model)
    proxy.sort(UserColumn.LAST_NAME)
    proxy.set_search("a")
    qtmodeltester.check(proxy)


def test_sorting_by_every_column_uses_typed_keys(models) -> None:  # type: ignore[no-untyped-def]
    _model, proxy = models
    proxy.sort(UserColumn.LAST_NAME)
    assert shown(proxy, UserColumn.LAST_NAME) == ["Admin", "Ames", "brown", "Zimmer"]  # case-folded
    proxy.sort(UserColumn.ID, Qt.SortOrder.DescendingOrder)
    assert shown(proxy) == [4, 3, 2, 1]
    proxy.sort(UserColumn.BLOCKED, Qt.SortOrder.DescendingOrder)
    assert shown(proxy)[0] == 3
    proxy.sort(UserColumn.CREATED, Qt.SortOrder.DescendingOrder)
    assert shown(proxy) == [4, 3, 2, 1]
    for column in UserColumn:
        proxy.sort(column)
        keys = [proxy.index(r, column).data(SORT_ROLE) for r in range(proxy.rowCount())]
        assert keys == sorted(keys), column


def test_search_role_and_blocked_filters(models) -> None:  # type: ignore[no-untyped-def]
    model, proxy = models
    proxy.set_search("work.org")
    assert shown(proxy) == [4]
    proxy.set_search("900 111")
    assert shown(proxy) == [2]
    proxy.set_search("carla AMES")
    assert shown(proxy) == [3]
    proxy.set_search("")
    proxy.set_role(Role.CLIENT)
    assert shown(proxy) == [2, 4]
    proxy.set_role(None)
    proxy.set_blocked(True)
    assert shown(proxy) == [3]
    model.upsert(user(5, "Eve", "New", blocked=True))
    assert shown(proxy) == [3, 5]  # live rows pass the same filters


def test_edit_is_pending_then_confirmed_or_rolled_back(models, qtbot) -> None:  # type: ignore[no-untyped-def]
    model, _proxy = models
    index = model.index(model.row_of(2), UserColumn.FIRST_NAME)
    with qtbot.waitSignal(model.edit_requested) as sent:
        assert model.setData(index, " Robert ")
    ticket, uid, changes = sent.args
    assert (uid, changes) == (2, {"first_name": "Robert"})
    assert index.data() == "Robert" and model.is_pending(2)
    model.edit_failed(ticket)
    assert index.data() == "bob" and not model.is_pending(2)

    model.setData(index, "Rob")
    ticket = max(model._tickets)
    model.edit_succeeded(ticket, user(2, "Rob", "Zimmer", phone="+7 900 111"))
    assert index.data() == "Rob" and not model.is_pending(2)


def test_checkbox_edit_and_self_protection(models, qtbot) -> None:  # type: ignore[no-untyped-def]
    model, _proxy = models
    blocked = model.index(model.row_of(4), UserColumn.BLOCKED)
    with qtbot.waitSignal(model.edit_requested) as sent:
        model.setData(blocked, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert sent.args[2] == {"is_blocked": True}
    assert blocked.data() == "Blocked"

    own = model.index(model.row_of(1), UserColumn.BLOCKED)
    with qtbot.waitSignal(model.edit_refused) as refused:
        assert not model.setData(own, Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    assert refused.args == [1, "You cannot block yourself.", True]  # a permission, not the input
    with qtbot.waitSignal(model.edit_refused):
        assert not model.setData(model.index(0, UserColumn.ROLE), "client")
    assert not model.is_pending(1)


def test_invalid_values_are_refused_by_the_shared_schema(models, qtbot) -> None:  # type: ignore[no-untyped-def]
    model, _proxy = models
    with qtbot.waitSignal(model.edit_refused) as refused:
        assert not model.setData(model.index(1, UserColumn.PHONE), "call me")
    assert refused.args[1].startswith("Enter a phone number") and refused.args[2] is False
    with qtbot.waitSignal(model.edit_refused):
        assert not model.setData(model.index(1, UserColumn.FIRST_NAME), "   ")


def test_live_insert_keeps_sort_order_and_selection(models) -> None:  # type: ignore[no-untyped-def]
    model, proxy = models
    proxy.sort(UserColumn.FIRST_NAME)
    model.upsert(user(6, "Bea", "Late"))
    assert shown(proxy, UserColumn.FIRST_NAME) == ["Ada", "Bea", "bob", "Carla", "Dan"]
    model.remove(6)
    assert model.rowCount(QModelIndex()) == 4


def test_merge_touches_only_what_differs(models, qtbot) -> None:  # type: ignore[no-untyped-def]
    model, _proxy = models
    users = model.users()
    changed = user(2, "Bobby", "Zimmer", phone="+7 900 111")
    with qtbot.assertNotEmitted(model.modelReset), qtbot.waitSignal(model.dataChanged) as signal:
        model.merge([users[0], changed, users[2], user(9, "Ivy", "New")])
    assert signal.args[0].row() == model.row_of(2)
    assert model.row_of(4) is None and model.row_of(9) is not None
    assert model.user_by_id(2).first_name == "Bobby"


def test_a_live_change_touches_only_its_cells(models, qtbot) -> None:  # type: ignore[no-untyped-def]
    model, _proxy = models
    changed: list[tuple[int, int, int, int]] = []
    model.dataChanged.connect(lambda a, b, *_: changed.append((a.row(), a.column(), b.row(), b.column())))
    row = model.row_of(2)
    model.upsert(user(2, "bob", "Zimmermann", phone="+7 900 111"))
    assert changed == [(row, UserColumn.LAST_NAME, row, UserColumn.LAST_NAME)]  # an editor elsewhere stays
    model.upsert(user(2, "bob", "Zimmermann", phone="+7 900 111"))
    assert len(changed) == 1  # the same data again: nothing to repaint


def test_filters_follow_live_changes_and_sorting(models) -> None:  # type: ignore[no-untyped-def]
    model, proxy = models
    proxy.set_search("zimmer")
    assert shown(proxy) == [2]
    model.upsert(user(4, "Dan", "Zimmerman"))  # renamed elsewhere: now matches
    assert sorted(shown(proxy)) == [2, 4]
    model.upsert(user(2, "bob", "Smith", phone="+7 900 111"))  # and this one no longer does
    assert shown(proxy) == [4]
    proxy.sort(UserColumn.ID, Qt.SortOrder.DescendingOrder)
    proxy.set_search("")
    proxy.set_blocked(False)
    assert shown(proxy) == [4, 2, 1]


def test_phones_are_found_by_their_digits(models) -> None:  # type: ignore[no-untyped-def]
    model, proxy = models
    model.upsert(user(5, "Eva", "Dial", phone="+7 900 000-20-01"))
    proxy.set_search("9000002001")
    assert shown(proxy) == [5]
    proxy.set_search("+7 900 000-20-01")  # as written works too
    assert shown(proxy) == [5]
    proxy.set_search("7900")
    assert sorted(shown(proxy)) == [2, 5]
