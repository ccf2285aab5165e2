"""One place that turns every failure into a status code and a readable ``{detail, code}`` body."""

from __future__ import annotations

import logging
from datetime import datetime
from decimal import Decimal
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, IntegrityError, OperationalError
from starlette.exceptions import HTTPException

from planner_shared.errors import DomainError
from planner_shared.schemas import ErrorBody

log = logging.getLogger("planner_server")

_MEANINGS = {
    400: "The request body could not be read",
    401: "No token, or an invalid or expired one",
    403: "Not allowed for this user, or the account is blocked",
    404: "No such item, or not visible to this user",
    409: "Conflicts with the current state (taken slot, overlap, wrong status, taken email)",
    422: "Invalid input; `errors` names each offending field",
    429: "Too many failed attempts; retry after the time in Retry-After",
    503: "The database is busy or unreachable",
}

ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    "default": {"model": ErrorBody, "description": "Any error: a readable `detail` and a stable `code`"},
}
"""For the API router: every error answer has the ErrorBody shape, whatever its status."""


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for the error statuses an operation answers with."""
    return {status: {"model": ErrorBody, "description": _MEANINGS[status]} for status in statuses}


def _where(location: tuple[Any, ...]) -> str:
    parts = [str(p) for p in location if p not in ("body", "query", "path")]
    return ".".join(parts) or "request body"


def describe_validation(errors: list[dict[str, Any]]) -> str:
    messages = []
    for error in errors[:5]:
        message = str(error.get("msg", "is invalid")).removeprefix("Value error, ")
        messages.append(f"{_where(tuple(error.get('loc', ())))}: {message}")
    more = len(errors) - len(messages)
    return "; ".join(messages) + (f"; and {more} more" if more > 0 else "")


def _body(detail: str, code: str, **extra: Any) -> dict[str, Any]:
    return {"detail": detail, "code": code, **extra}


def _json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else str(value) if isinstance(value, Decimal) \
        else value


def _params(error: DomainError) -> dict[str, Any]:
    """The values a domain error's sentence names, as JSON (so a client can word it itself)."""
    return {"params": {k: _json(v) for k, v in error.params.items()}} if error.params else {}


def error_response(error: Exception) -> JSONResponse | None:
    """The answer to a failure of ours (a domain error, or a database error with a known meaning);
    None for anything else (a bug: the server's 500)."""
    if isinstance(error, DomainError):
        headers = {"Retry-After": "60"} if error.http_status == 429 else None
        if error.http_status == 401:
            headers = {"WWW-Authenticate": "Bearer"}
        return JSONResponse(_body(error.detail, error.code, **_params(error)), status_code=error.http_status,
                            headers=headers)
    if isinstance(error, IntegrityError):
        log.warning("integrity error turned into 409: %s", error.orig)
        return JSONResponse(_body("The change conflicts with the current data; reload and try again.",
                                  "conflict"), status_code=409)
    if isinstance(error, DataError):
        log.warning("data error turned into 422: %s", error.orig)
        return JSONResponse(_body("A value in the request cannot be stored (out of range or not valid "
                                  "text).", "invalid"), status_code=422)
    if isinstance(error, OperationalError):
        log.error("database error: %s", error.orig)
        return JSONResponse(_body("The database is busy or unreachable; try again shortly.",
                                  "database_unavailable"), status_code=503)
    return None


def install_error_handlers(app: FastAPI) -> None:
    async def known_error(_: Request, error: Exception) -> JSONResponse:
        response = error_response(error)
        assert response is not None  # registered only for the types error_response knows
        return response

    for error_type in (DomainError, IntegrityError, DataError, OperationalError):
        app.add_exception_handler(error_type, known_error)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_: Request, error: RequestValidationError) -> JSONResponse:
        errors = [{k: v for k, v in e.items() if k in ("loc", "msg", "type")} for e in error.errors()]
        return JSONResponse(_body(describe_validation(errors), "invalid", errors=errors),
                            status_code=422)

    @app.exception_handler(HTTPException)
    async def http_error(_: Request, error: HTTPException) -> JSONResponse:
        detail = error.detail if isinstance(error.detail, str) else str(error.detail)
        return JSONResponse(_body(detail, "http_" + str(error.status_code)),
                            status_code=error.status_code, headers=getattr(error, "headers", None))
