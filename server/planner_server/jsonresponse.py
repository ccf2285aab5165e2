"""Fast JSON responses for hot paths: rows serialised straight to bytes with orjson."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import orjson
from fastapi.responses import Response


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"cannot serialise {type(value).__name__}")


def dumps(content: Any) -> bytes:
    return orjson.dumps(content, default=_default)


class JSONBytes(Response):
    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return dumps(content)
