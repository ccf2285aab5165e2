"""The widgets of the client's window and where they sit (no behaviour: see client/window.py)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from planner_desktop.i18n import QT_TRANSLATE_NOOP
from planner_desktop.models.slots import SlotColumn
from planner_desktop.widgets.status_legend import StatusLegend
from planner_desktop.widgets.toast import StatusLine
from planner_desktop.widgets.week_view import WeekView

COLUMN_WIDTHS = {SlotColumn.SPECIALIST: 150, SlotColumn.DAY: 120, SlotColumn.TIME: 95,
                 SlotColumn.DURATION: 65, SlotColumn.CONTEXT: 200, SlotColumn.COST: 70}


TEXTS = {  # marked for lupdate; translated in the ClientWindow context, where they are shown
    "search": QT_TRANSLATE_NOOP("ClientWindow", "Search specialists or what they offer…"),
    "specialists": QT_TRANSLATE_NOOP("ClientWindow", "&Specialists"),
    "any_day": QT_TRANSLATE_NOOP("ClientWindow", "any day"),
    "any": QT_TRANSLATE_NOOP("ClientWindow", "any"),
    "from": QT_TRANSLATE_NOOP("ClientWindow", "&From:"),
    "to": QT_TRANSLATE_NOOP("ClientWindow", "&To:"),
    "max_cost": QT_TRANSLATE_NOOP("ClientWindow", "Max &cost:"),
    "previous_week": QT_TRANSLATE_NOOP("ClientWindow", "Previous week"),
    "today": QT_TRANSLATE_NOOP("ClientWindow", "Today"),
    "next_week": QT_TRANSLATE_NOOP("ClientWindow", "Next week"),
    "reserve": QT_TRANSLATE_NOOP("ClientWindow", "&Reserve…"),
    "find_a_consultation": QT_TRANSLATE_NOOP("ClientWindow", "&Find a consultation"),
    "my_consultations": QT_TRANSLATE_NOOP("ClientWindow", "&My consultations"),
}


def _t(key: str) -> str:
    return QCoreApplication.translate("ClientWindow", TEXTS[key])


def _label(text: str, parent: QWidget, *, buddy: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setBuddy(buddy)
    return label


@dataclass
class ClientUi:
    tabs: QTabWidget
    search: QLineEdit
    specialists: QListView
    date_from: QDateEdit
    date_to: QDateEdit
    max_cost: QDoubleSpinBox
    week: WeekView
    previous_week: QToolButton
    today: QToolButton
    next_week: QToolButton
    week_label: QLabel
    slots: QTableView
    count: QLabel
    reserve: QPushButton
    status: StatusLine


def _date_filter(window: QWidget, name: str, unset_text: str) -> QDateEdit:
    """A date box whose lowest value (yesterday) reads as "any day" and means no limit."""
    edit = QDateEdit(window)
    edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("ddd dd MMM yyyy")
    unset = QDate.currentDate().addDays(-1)
    edit.setMinimumDate(unset)
    edit.setSpecialValueText(unset_text)
    edit.setDate(unset)
    return edit


def build_client_layout(window: QWidget) -> ClientUi:
    search = QLineEdit(window)
    search.setObjectName("specialistSearch")
    search.setPlaceholderText(_t("search"))
    search.setClearButtonEnabled(True)
    specialists = QListView(window)
    specialists.setObjectName("specialistList")
    specialists.setModel(window.specialist_proxy)  # type: ignore[attr-defined]
    specialists.setAlternatingRowColors(True)
    specialists.setSpacing(2)
    left = QWidget(window)
    left_layout = QVBoxLayout(left)
    left_layout.setContentsMargins(0, 0, 0, 0)
    left_layout.addWidget(_label(_t("specialists"), window, buddy=search))
    left_layout.addWidget(search)
    left_layout.addWidget(specialists, 1)

    date_from = _date_filter(window, "dateFrom", _t("any_day"))
    date_to = _date_filter(window, "dateTo", _t("any_day"))
    max_cost = QDoubleSpinBox(window)
    max_cost.setObjectName("maxCost")
    max_cost.setRange(-1, 1_000_000)
    max_cost.setDecimals(2)
    max_cost.setSingleStep(10)
    max_cost.setSpecialValueText(_t("any"))
    max_cost.setValue(-1)
    filters = QHBoxLayout()
    for text, field in ((_t("from"), date_from), (_t("to"), date_to), (_t("max_cost"), max_cost)):
        filters.addWidget(_label(text, window, buddy=field))
        filters.addWidget(field)
    filters.addStretch(1)
    count = QLabel(window)
    count.setObjectName("slotCount")
    filters.addWidget(count)

    week = WeekView(window, tz=window.tz, read_only=True)  # type: ignore[attr-defined]
    week.setObjectName("clientWeek")
    week.setMinimumHeight(260)
    previous_week, today, next_week = (QToolButton(window) for _ in range(3))
    previous_week.setText("◀")
    previous_week.setToolTip(_t("previous_week"))
    today.setText(_t("today"))
    next_week.setText("▶")
    next_week.setToolTip(_t("next_week"))
    week_label = QLabel(window)
    week_label.setObjectName("weekLabel")
    navigation = QHBoxLayout()
    for widget in (previous_week, today, next_week, week_label):
        navigation.addWidget(widget)
    navigation.addStretch(1)
    navigation.addWidget(StatusLegend(window))

    slots = QTableView(window)
    slots.setObjectName("slotTable")
    slots.setModel(window.slot_proxy)  # type: ignore[attr-defined]
    slots.setSortingEnabled(True)
    slots.sortByColumn(SlotColumn.TIME, Qt.SortOrder.AscendingOrder)
    slots.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    slots.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    slots.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    slots.verticalHeader().hide()
    slots.horizontalHeader().setStretchLastSection(True)
    slots.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    for column, width in COLUMN_WIDTHS.items():  # wide enough for the header's words in any language
        slots.setColumnWidth(column, max(width, slots.horizontalHeader().sectionSizeHint(column)))
    reserve = QPushButton(_t("reserve"), window)
    reserve.setObjectName("reserveButton")
    reserve.setDefault(True)
    status = StatusLine(window)
    status.setObjectName("clientStatus")
    actions = QHBoxLayout()
    actions.addWidget(status, 1)
    actions.addWidget(reserve)

    calendar_box = QWidget(window)
    calendar_layout = QVBoxLayout(calendar_box)
    calendar_layout.setContentsMargins(0, 0, 0, 0)
    calendar_layout.addLayout(navigation)
    calendar_layout.addWidget(week, 1)
    vertical = QSplitter(Qt.Orientation.Vertical, window)
    vertical.addWidget(calendar_box)
    vertical.addWidget(slots)
    vertical.setStretchFactor(0, 3)
    vertical.setStretchFactor(1, 2)
    right = QWidget(window)
    right_layout = QVBoxLayout(right)
    right_layout.setContentsMargins(0, 0, 0, 0)
    right_layout.addLayout(filters)
    right_layout.addWidget(vertical, 1)
    right_layout.addLayout(actions)
    horizontal = QSplitter(Qt.Orientation.Horizontal, window)
    horizontal.addWidget(left)
    horizontal.addWidget(right)
    horizontal.setStretchFactor(0, 1)
    horizontal.setStretchFactor(1, 4)
    horizontal.setSizes([260, 1000])

    tabs = QTabWidget(window)
    tabs.addTab(horizontal, _t("find_a_consultation"))
    tabs.addTab(window.consultations, _t("my_consultations"))  # type: ignore[attr-defined]
    layout = QVBoxLayout(window)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(tabs, 1)
    return ClientUi(tabs, search, specialists, date_from, date_to, max_cost, week, previous_week, today,
                    next_week, week_label, slots, count, reserve, status)
