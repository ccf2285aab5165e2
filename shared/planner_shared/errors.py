"""Domain errors with stable codes.

The server raises them and maps each to its HTTP status with a ``{detail, code}`` body;
the desktop turns HTTP errors back into the same classes, so both sides speak one language.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar


class DomainError(Exception):
    """``detail``: English words for people reading the API; ``code``: what happened, stable, for
    programs (the desktop words it in the user's language); ``params``: the values the sentence
    names (e.g. the start and end of an overlapping slot), so it can be worded elsewhere too."""

    http_status: ClassVar[int] = 400
    default_code: ClassVar[str] = "error"

    def __init__(self, detail: str, *, code: str | None = None,
                 params: Mapping[str, Any] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.code = code or self.default_code
        self.params: dict[str, Any] = dict(params or {})

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.detail!r}, code={self.code!r})"


class Invalid(DomainError):
    http_status = 422
    default_code = "invalid"


class Unauthorized(DomainError):
    http_status = 401
    default_code = "not_authenticated"


class Forbidden(DomainError):
    http_status = 403
    default_code = "forbidden"


class NotFound(DomainError):
    http_status = 404
    default_code = "not_found"


class Conflict(DomainError):
    http_status = 409
    default_code = "conflict"


class Gone(DomainError):
    http_status = 410
    default_code = "gone"


class Throttled(DomainError):
    http_status = 429
    default_code = "throttled"


class Unavailable(DomainError):
    """The server could not be reached or did not answer (desktop side)."""

    http_status = 503
    default_code = "unavailable"


_BY_STATUS: dict[int, type[DomainError]] = {
    cls.http_status: cls
    for cls in (Invalid, Unauthorized, Forbidden, NotFound, Conflict, Gone, Throttled, Unavailable)
}


def error_for_status(status: int, detail: str, code: str | None = None,
                     params: Mapping[str, Any] | None = None) -> DomainError:
    """The domain error an HTTP status stands for (400 reads as Invalid)."""
    cls = _BY_STATUS.get(status)
    if cls is None:
        cls = Invalid if 400 <= status < 500 else Unavailable
    return cls(detail, code=code, params=params)
