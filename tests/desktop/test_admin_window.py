"""The administrator window against a real embedded server (demo population + fresh users)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QMessageBox

from planner_desktop.errors import reporter
from planner_desktop.models.users import UserColumn
from planner_desktop.windows.admin.window import AdminWindow
from planner_shared.enums import Role
from planner_shared.errors import Forbidden, NotFound
from planner_shared.schemas import UserAdminUpdate
from tests.desktop.role_session import (
    admin_api,
    demo_server,
    fail_latest_email,
    future_slot,
    new_account,
    open_session,
)

__all__ = ["demo_server", "open_session"]  # fixtures used by name below

WAIT_MS = 10_000


@pytest.fixture
def window(qtbot, demo_server, open_session):  # type: ignore[no-untyped-def]
    session = open_session(admin_api(demo_server))
    window = AdminWindow(session)
    qtbot.addWidget(window)
    window.resize(1300, 700)
    window.show()
    qtbot.waitUntil(lambda: not window._loading and window.model.rowCount() >= 7, timeout=WAIT_MS)
    return window


def cell(window: AdminWindow, user_id: int, column: UserColumn):  # type: ignore[no-untyped-def]
    row = window.model.row_of(user_id)
    assert row is not None, f"user {user_id} is not in the table"
    return window.proxy.mapFromSource(window.model.index(row, column))


def shown_ids(window: AdminWindow) -> list[int]:
    return [window.proxy.user_at(r).id for r in range(window.proxy.rowCount())]


def test_search_role_and_blocked_filters_and_header_sort(window, qtbot, qtmodeltester, demo_server):  # type: ignore[no-untyped-def]
    _, zed = new_account(demo_server, Role.CLIENT, first_name="Zebedee")
    window.reload()
    qtbot.waitUntil(lambda: window.model.row_of(zed.id) is not None, timeout=WAIT_MS)
    total = window.model.rowCount()

    qtbot.keyClicks(window.search, "zebedee")
    assert shown_ids(window) == [zed.id]
    assert window.count_label.text() == f"1 of {total} users"
    window.search.clear()
    assert window.proxy.rowCount() == total

    window.role_filter.setCurrentIndex(window.role_filter.findData(Role.SPECIALIST.value))
    roles = {window.proxy.user_at(r).role for r in range(window.proxy.rowCount())}
    assert roles == {Role.SPECIALIST}
    window.role_filter.setCurrentIndex(0)

    header = window.table.horizontalHeader()
    x = header.sectionViewportPosition(UserColumn.EMAIL) + 10
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))
    emails = [window.proxy.user_at(r).email for r in range(window.proxy.rowCount())]
    assert emails == sorted(emails, key=str.casefold)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))
    emails = [window.proxy.user_at(r).email for r in range(window.proxy.rowCount())]
    assert emails == sorted(emails, key=str.casefold, reverse=True)
    qtmodeltester.check(window.model)
    qtmodeltester.check(window.proxy)


def test_in_place_edit_is_pending_then_reaches_the_server(window, qtbot, demo_server):  # type: ignore[no-untyped-def]
    _, user = new_account(demo_server, Role.CLIENT)
    window.reload()
    qtbot.waitUntil(lambda: window.model.row_of(user.id) is not None, timeout=WAIT_MS)
    index = cell(window, user.id, UserColumn.FIRST_NAME)
    window.table.setCurrentIndex(index)
    window.table.edit(index)
    editor = window.table.viewport().findChild(QLineEdit)
    assert editor is not None
    editor.selectAll()
    with qtbot.waitSignal(window.model.edit_requested, timeout=WAIT_MS):
        qtbot.keyClicks(editor, "Renamed")
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert window.model.is_pending(user.id)
    assert index.data(Qt.ItemDataRole.ToolTipRole).startswith("Saving")
    qtbot.waitUntil(lambda: not window.model.is_pending(user.id), timeout=WAIT_MS)
    assert cell(window, user.id, UserColumn.FIRST_NAME).data() == "Renamed"
    assert admin_api(demo_server).user(user.id).first_name == "Renamed"


def test_role_is_chosen_from_a_list_in_place(window, qtbot, demo_server):  # type: ignore[no-untyped-def]
    _, user = new_account(demo_server, Role.CLIENT)
    window.reload()
    qtbot.waitUntil(lambda: window.model.row_of(user.id) is not None and not window._loading,
                    timeout=WAIT_MS)
    index = cell(window, user.id, UserColumn.ROLE)
    window.table.setCurrentIndex(index)
    window.table.edit(index)
    combo = window.table.viewport().findChild(QComboBox)
    assert combo is not None and combo.currentData() == Role.CLIENT.value
    combo.setCurrentIndex(combo.findData(Role.SPECIALIST.value))
    with qtbot.waitSignal(window.model.edit_requested, timeout=WAIT_MS) as sent:
        qtbot.keyClick(combo, Qt.Key.Key_Return)
    assert sent.args[1:] == [user.id, {"role": "specialist"}]
    qtbot.waitUntil(lambda: not window.model.is_pending(user.id), timeout=WAIT_MS)
    assert cell(window, user.id, UserColumn.ROLE).data() == "Specialist"
    assert admin_api(demo_server).user(user.id).role is Role.SPECIALIST


def test_a_flag_is_a_check_box_in_place(window, qtbot, demo_server):  # type: ignore[no-untyped-def]
    _, user = new_account(demo_server, Role.CLIENT)
    window.reload()
    qtbot.waitUntil(lambda: window.model.row_of(user.id) is not None and not window._loading,
                    timeout=WAIT_MS)
    index = cell(window, user.id, UserColumn.STAFF)
    window.table.scrollTo(index)
    rect = window.table.visualRect(index)
    with qtbot.waitSignal(window.model.edit_requested, timeout=WAIT_MS) as sent:
        qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton,
                         pos=QPoint(rect.left() + 10, rect.center().y()))
    assert sent.args[1:] == [user.id, {"is_staff": True}]
    qtbot.waitUntil(lambda: not window.model.is_pending(user.id), timeout=WAIT_MS)
    assert admin_api(demo_server).user(user.id).is_staff is True


def test_refused_edit_rolls_back_and_says_why(window, qtbot, demo_server):  # type: ignore[no-untyped-def]
    new_account(demo_server, Role.CLIENT, phone="+7 900 555-00-01")  # holds the phone
    _, other = new_account(demo_server, Role.CLIENT)
    window.reload()
    qtbot.waitUntil(lambda: window.model.row_of(other.id) is not None, timeout=WAIT_MS)
    index = cell(window, other.id, UserColumn.PHONE)
    with qtbot.waitSignal(reporter().shown, timeout=WAIT_MS) as shown:
        window.proxy.setData(index, "+7 900 555-00-01")
        assert index.data() == "+7 900 555-00-01"  # shown at once, pending
    assert "phone" in shown.args[1]
    assert not window.model.is_pending(other.id)
    assert cell(window, other.id, UserColumn.PHONE).data() == ""  # the server's value is back
    assert "Another account already uses this phone number" in window.status.text()
    assert admin_api(demo_server).user(other.id).phone is None


def test_block_cuts_the_user_off_and_unblock_restores(window, qtbot, demo_server):  # type: ignore[no-untyped-def]
    victim_api, victim = new_account(demo_server, Role.CLIENT)
    _, second = new_account(demo_server, Role.SPECIALIST)
    window.reload()
    qtbot.waitUntil(lambda: window.model.row_of(second.id) is not None, timeout=WAIT_MS)
    window.select_users([victim.id, second.id])
    box = window.set_blocked(True)
    assert isinstance(box, QMessageBox) and box.text().startswith("Block 2 users? ")
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.model.is_pending(victim.id) and not window.model.is_pending(second.id),
                    timeout=WAIT_MS)
    blocked_cell = cell(window, victim.id, UserColumn.BLOCKED)
    assert blocked_cell.data() == "Blocked"  # a word, not only a colour
    assert "blocked" in cell(window, victim.id, UserColumn.ID).data(Qt.ItemDataRole.AccessibleTextRole)
    with pytest.raises(Forbidden):
        victim_api.me()

    window.select_users([victim.id])
    box = window.set_blocked(False)
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: cell(window, victim.id, UserColumn.BLOCKED).data() is None
                    and not window.model.is_pending(victim.id), timeout=WAIT_MS)
    assert victim_api.me().id == victim.id


def test_block_and_unblock_are_offered_only_where_they_would_change_something(  # type: ignore[no-untyped-def]
        window, qtbot, demo_server):
    _, user = new_account(demo_server, Role.CLIENT)
    _, other = new_account(demo_server, Role.CLIENT)
    window.reload()
    qtbot.waitUntil(lambda: window.model.row_of(other.id) is not None, timeout=WAIT_MS)
    window.select_users([user.id])
    assert window.block_action.isEnabled() and not window.unblock_action.isEnabled()
    admin_api(demo_server).block_user(user.id)  # elsewhere: the row changes through the feed
    qtbot.waitUntil(window.unblock_action.isEnabled, timeout=WAIT_MS)
    assert not window.block_action.isEnabled()
    window.select_users([user.id, other.id])  # one of each: either may act on its own
    assert window.block_action.isEnabled() and window.unblock_action.isEnabled()
    window.select_users([])
    assert not window.block_action.isEnabled() and not window.unblock_action.isEnabled()


def test_cancelled_confirmation_changes_nothing(window, qtbot, demo_server):  # type: ignore[no-untyped-def]
    _, user = new_account(demo_server, Role.CLIENT)
    window.reload()
    qtbot.waitUntil(lambda: window.model.row_of(user.id) is not None, timeout=WAIT_MS)
    window.select_users([user.id])
    box = window.set_blocked(True)
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    assert not window.model.is_pending(user.id)
    assert admin_api(demo_server).user(user.id).is_blocked is False


def test_an_admin_cannot_block_or_demote_themself(window, qtbot):  # type: ignore[no-untyped-def]
    me = window.session.user.id
    window.select_users([me])
    with qtbot.waitSignal(reporter().shown) as shown:
        assert window.set_blocked(True) is None  # no confirmation: refused before asking
    assert shown.args[1] == "You cannot block yourself."
    assert not window.model.is_pending(me)
    with qtbot.waitSignal(window.model.edit_refused):
        window.proxy.setData(cell(window, me, UserColumn.ROLE), Role.CLIENT.value)
    assert cell(window, me, UserColumn.ROLE).data() == "Administrator"
    # and the server refuses too, should a client skip the check
    with pytest.raises(Forbidden, match="block yourself"):
        window.session.api.update_user(me, UserAdminUpdate(is_blocked=True))


def test_form_dialog_edits_several_fields(window, qtbot, demo_server):  # type: ignore[no-untyped-def]
    _, user = new_account(demo_server, Role.CLIENT)
    window.reload()
    qtbot.waitUntil(lambda: window.model.row_of(user.id) is not None, timeout=WAIT_MS)
    window.select_users([user.id])
    dialog = window.edit_selected()
    assert dialog is not None
    dialog.last_name.setText("Formed")
    dialog.role.setCurrentIndex(dialog.role.findData(Role.SPECIALIST.value))
    dialog.is_staff.setChecked(True)
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: not window.model.is_pending(user.id), timeout=WAIT_MS)
    saved = admin_api(demo_server).user(user.id)
    assert (saved.last_name, saved.role, saved.is_staff) == ("Formed", Role.SPECIALIST, True)


def test_form_dialog_refuses_self_demotion_inline(window):  # type: ignore[no-untyped-def]
    window.select_users([window.session.user.id])
    dialog = window.edit_selected()
    dialog.role.setCurrentIndex(dialog.role.findData(Role.CLIENT.value))
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert dialog.isVisible()
    assert "administrator role" in dialog.problem_label.text()
    dialog.reject()


def test_users_registered_elsewhere_appear_live(window, qtbot, demo_server):  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: window.session.sync.online is True, timeout=WAIT_MS)
    _, newcomer = new_account(demo_server, Role.CLIENT, first_name="Latecomer")
    qtbot.waitUntil(lambda: window.model.row_of(newcomer.id) is not None, timeout=WAIT_MS)
    admin_api(demo_server).update_user(newcomer.id, UserAdminUpdate(last_name="Renamed-elsewhere"))
    qtbot.waitUntil(lambda: cell(window, newcomer.id, UserColumn.LAST_NAME).data() == "Renamed-elsewhere",
                    timeout=WAIT_MS)


def test_export_writes_the_shown_rows(window, qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    window.role_filter.setCurrentIndex(window.role_filter.findData(Role.SPECIALIST.value))
    path = tmp_path / "specialists.csv"
    window.export_csv(path)
    qtbot.waitUntil(lambda: "Exported" in window.status.text(), timeout=WAIT_MS)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == window.proxy.rowCount() > 0
    assert {row["role"] for row in rows} == {"specialist"}
    assert [int(row["id"]) for row in rows] == shown_ids(window)


def test_outbox_lists_messages(window, qtbot):  # type: ignore[no-untyped-def]
    window.tabs.setCurrentWidget(window.outbox)
    qtbot.waitUntil(lambda: window.outbox.loaded, timeout=WAIT_MS)
    assert window.outbox.available is True
    assert "email" in window.outbox.message.text()


def test_outbox_missing_on_the_server_is_said_plainly(window, qtbot, monkeypatch):  # type: ignore[no-untyped-def]
    def no_outbox() -> list:  # what an older server answers: 404
        raise NotFound("Not Found")

    monkeypatch.setattr(window.session.api, "outbox", no_outbox)
    window.outbox.refresh()
    qtbot.waitUntil(lambda: window.outbox.loaded, timeout=WAIT_MS)
    assert window.outbox.available is False
    assert "does not offer an outbox" in window.outbox.message.text()
    assert not window.outbox.retry_button.isEnabled()
    assert QApplication.activeModalWidget() is None


def test_outbox_shows_a_failed_email_and_retries_it(window, qtbot, demo_server):  # type: ignore[no-untyped-def]
    specialist_api, _ = new_account(demo_server, Role.SPECIALIST)
    client_api, _ = new_account(demo_server, Role.CLIENT)
    client_api.reserve(future_slot(specialist_api, days=12))  # the specialist is emailed
    message_id = fail_latest_email(demo_server, "550 mailbox unavailable")
    window.tabs.setCurrentWidget(window.outbox)
    qtbot.waitUntil(lambda: window.outbox.model.rowCount() > 0, timeout=WAIT_MS)
    panel = window.outbox
    row = next(r for r in range(panel.model.rowCount()) if panel.model.message_at(r).id == message_id)
    assert panel.model.index(row, 1).data() == "Failed"
    assert panel.model.index(row, 7).data() == "550 mailbox unavailable"
    panel.select_row(row)
    assert panel.retry_button.isEnabled()
    panel.retry_button.click()
    qtbot.waitUntil(lambda: "sent again" in panel.message.text(), timeout=WAIT_MS)
    assert panel.model.message_at(row).status.value in ("pending", "sent")


    def delivered() -> bool:  # the server's worker sends it; Refresh no longer lists it
        if not panel.refresh_button.isEnabled():  # a refresh is on its way: wait for its answer
            return False
        if all(panel.model.message_at(r).id != message_id for r in range(panel.model.rowCount())):
            return True
        panel.refresh_button.click()  # ask again once the last answer is in
        return False

    qtbot.waitUntil(delivered, timeout=WAIT_MS)
