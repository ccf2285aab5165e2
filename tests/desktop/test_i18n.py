"""The Russian interface reaches the words drawn and formatted outside widget classes."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtWidgets import QApplication

from planner_desktop import i18n
from planner_desktop.formats import local_date, money, time_span
from planner_desktop.models.consultations import State, state_label
from planner_desktop.status_words import status_word
from planner_desktop.widgets.week_paint import duration_text
from planner_desktop.windows.client.layout import TEXTS
from planner_shared.enums import SlotStatus


@pytest.fixture(autouse=True)
def restore_language(qapp: QApplication) -> Iterator[None]:
    locale = QLocale()
    yield
    i18n.install(qapp, "en")
    QLocale.setDefault(locale)


@pytest.fixture
def russian(qapp: QApplication) -> None:
    i18n.install(qapp, "ru")


@pytest.mark.usefixtures("russian")
def test_status_words_durations_dates_and_money_speak_russian() -> None:
    assert [status_word(s) for s in SlotStatus] == ["Свободно", "Ждёт ответа", "Согласовано", "Завершено"]
    # one word per status: the client's consultations say what the calendar and legend say
    assert [state_label(s) for s in (State.AWAITING, State.AGREED, State.COMPLETED)] == [
        "Ждёт ответа", "Согласовано", "Завершено"]
    start = datetime(2030, 3, 4, 10, 0, tzinfo=timezone.utc)
    assert duration_text(start, start + timedelta(minutes=90)) == "1 ч 30 мин"
    assert local_date(date(2030, 3, 4), "ddd dd") == "пн 04"
    assert time_span(start, start + timedelta(hours=1), timezone.utc).startswith("пн 4 ")
    assert time_span(start, start + timedelta(hours=1), timezone.utc).endswith(", 10:00–11:00")
    assert money(Decimal("1250.5")).replace("\u00a0", " ") == "1 250,50"


@pytest.mark.usefixtures("russian")
def test_client_layout_texts_are_found_in_their_context() -> None:
    untranslated = [text for text in TEXTS.values()
                    if QCoreApplication.translate("ClientWindow", text) == text]
    assert untranslated == []


def test_english_stays_the_source(qapp: QApplication) -> None:
    i18n.install(qapp, "en")
    assert status_word(SlotStatus.COMPLETED) == "Completed"
    assert local_date(date(2030, 3, 4), "ddd dd MMM yyyy") == "Mon 04 Mar 2030"
    assert money(Decimal("1250.5")) == "1,250.50"
