"""The change feed's fixtures."""

from __future__ import annotations

import pytest

from tests.server.sync.feedutil import LongPolls


@pytest.fixture
def long_polls(monkeypatch: pytest.MonkeyPatch) -> LongPolls:
    return LongPolls(monkeypatch)
