"""The HTTP client of the /api/v1 contract: one method per endpoint, typed with the shared schemas.

Blocking (httpx), thread-safe, meant to run OFF the UI thread: call it from an operation run by
:mod:`planner_desktop.tasks`, never directly from a slot of a widget.

Errors: every HTTP error becomes the matching :mod:`planner_shared.errors` class (``Invalid`` 400/422,
``Unauthorized`` 401, ``Forbidden`` 403, ``NotFound`` 404, ``Conflict`` 409, ``Gone`` 410,
``Throttled`` 429) carrying the server's readable ``detail`` and stable ``code``; a server that
cannot be reached, times out or answers 5xx raises ``Unavailable``. Nothing else escapes.

Tokens: :meth:`ApiClient.sign_in` keeps the pair; an expired access token is refreshed once,
transparently, and the request repeated. ``on_tokens`` (optional) is called with the new
``(access, refresh)`` whenever they change, e.g. to keep the refresh token in the keyring.

Example::

    api = ApiClient("http://127.0.0.1:8000")
    api.sign_in("ann@example.com", "secret123")
    me = api.me()                                     # UserRead
    slots = api.slots(status=SlotStatus.FREE)         # list[SlotRead]
    api.reserve(slots[0].id)                          # SlotRead (now in agreement)
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, TypeAdapter, ValidationError

from planner_shared.calendars import (
    BusyRead,
    CalendarConnect,
    CalendarCredentials,
    CalendarRead,
    FeedRead,
    RemoteCalendarRead,
)
from planner_shared.enums import AuditAction, CancelReason, OutboxStatus, Role, SlotStatus
from planner_shared.errors import DomainError, NotFound, Unauthorized, Unavailable, error_for_status
from planner_shared.schemas import (
    AuditEntryRead,
    BookingRules,
    BookingRulesUpdate,
    CommentCreate,
    HistoryEntry,
    OutboxMessageRead,
    SeriesCreate,
    SeriesResult,
    SlotCreate,
    SlotRead,
    SlotUpdate,
    SyncPage,
    UserAdminUpdate,
    UserCreate,
    UserRead,
    UserSelfUpdate,
)

API_PREFIX = "/api/v1"
DEFAULT_TIMEOUT = httpx.Timeout(15.0, connect=5.0)
SYNC_WAIT_SECONDS = 25  # long-poll hold; the read timeout adds a margin on top

T = TypeVar("T")
_SLOTS = TypeAdapter(list[SlotRead])
_USERS = TypeAdapter(list[UserRead])
_HISTORY = TypeAdapter(list[HistoryEntry])
_OUTBOX = TypeAdapter(list[OutboxMessageRead])
_AUDIT = TypeAdapter(list[AuditEntryRead])
_BUSY = TypeAdapter(list[BusyRead])
_REMOTE_CALENDARS = TypeAdapter(list[RemoteCalendarRead])


def _body(model: BaseModel | None) -> dict[str, Any] | None:
    return None if model is None else model.model_dump(mode="json", exclude_unset=True)


class _Tokens:
    """The token pair, shared by an ApiClient and its clones."""

    def __init__(self, on_tokens: Callable[[str | None, str | None], None] | None) -> None:
        self.access: str | None = None
        self.refresh: str | None = None
        self.on_tokens = on_tokens
        self.lock = threading.RLock()  # reentrant: a password change holds it across its request


class ApiClient:
    """One server, one signed-in user. Safe to share between worker threads."""

    def __init__(self, base_url: str, *,
                 on_tokens: Callable[[str | None, str | None], None] | None = None,
                 timeout: httpx.Timeout = DEFAULT_TIMEOUT, _tokens: _Tokens | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self._tokens = _tokens or _Tokens(on_tokens)
        self._timeout = timeout
        self._http = httpx.Client(base_url=self.base_url + API_PREFIX, timeout=timeout,
                                  headers={"Accept": "application/json"})

    def clone(self) -> ApiClient:
        """Another client on its own connections, sharing this one's tokens (e.g. for the long-poll)."""
        return ApiClient(self.base_url, timeout=self._timeout, _tokens=self._tokens)

    # --- plumbing --------------------------------------------------------------------------------

    @property
    def _access(self) -> str | None:
        return self._tokens.access

    @property
    def _refresh(self) -> str | None:
        return self._tokens.refresh

    @property
    def refresh_token(self) -> str | None:
        return self._tokens.refresh

    @property
    def signed_in(self) -> bool:
        return self._tokens.access is not None or self._tokens.refresh is not None

    def close(self) -> None:
        """Close this client's connections (idle ones at once)."""
        self._http.close()

    def _set_tokens(self, access: str | None, refresh: str | None) -> None:
        self._tokens.access, self._tokens.refresh = access, refresh
        if self._tokens.on_tokens is not None:
            self._tokens.on_tokens(access, refresh)

    def _send(self, method: str, path: str, *, json: Any = None, params: dict[str, Any] | None = None,
              auth: bool = True, timeout: httpx.Timeout | float | None = None) -> httpx.Response:
        headers = {"Authorization": f"Bearer {self._access}"} if auth and self._access else {}
        clean = {k: v for k, v in (params or {}).items() if v is not None}
        extra: dict[str, Any] = {} if timeout is None else {"timeout": timeout}
        try:
            return self._http.request(method, path, json=json, params=clean, headers=headers, **extra)
        except httpx.TimeoutException as error:
            raise Unavailable("The server did not answer in time. Check the connection and try again.",
                              code="timeout") from error
        except (httpx.TransportError, RuntimeError) as error:  # RuntimeError: client closed
            raise Unavailable(f"The server at {self.base_url} cannot be reached.",
                              code="unreachable", params={"url": self.base_url}) from error

    def _request(self, method: str, path: str, *, json: Any = None, params: dict[str, Any] | None = None,
                 auth: bool = True, timeout: httpx.Timeout | float | None = None) -> Any:
        """Send, refresh the access token once on 401, raise domain errors, return the JSON body."""
        access_used = self._access
        response = self._send(method, path, json=json, params=params, auth=auth, timeout=timeout)
        if response.status_code == 401 and auth and self._refresh:
            with self._tokens.lock:
                if self._access == access_used:  # no other thread refreshed meanwhile
                    self._refresh_access()
            response = self._send(method, path, json=json, params=params, auth=auth, timeout=timeout)
        return self._decode(response)

    def _refresh_access(self) -> None:
        response = self._send("POST", "/auth/jwt/refresh/", json={"refresh": self._refresh}, auth=False)
        if response.status_code != 200:
            error = self._error(response)
            if isinstance(error, Unauthorized):
                self._set_tokens(None, None)
                if error.code == "session_ended":  # ended elsewhere: the server says why
                    raise error
                raise Unauthorized("Your session has expired. Please sign in again.",
                                   code="session_expired")
            raise error
        self._set_tokens(self._decode(response)["access"], self._refresh)

    @staticmethod
    def _error(response: httpx.Response) -> DomainError:
        detail, code = f"The server answered {response.status_code} {response.reason_phrase}.", None
        params: dict[str, Any] = {}
        try:
            body = response.json()
            if isinstance(body, dict):
                detail = str(body.get("detail") or detail)
                code = body.get("code")
                if isinstance(body.get("params"), dict):
                    params.update(body["params"])
                if isinstance(body.get("errors"), list):  # 422: each offending field
                    params["errors"] = body["errors"]
        except ValueError:
            pass
        if response.status_code >= 500:
            return Unavailable(f"The server failed to handle the request ({detail})",
                               code=code or "server_error")
        return error_for_status(response.status_code, detail, code, params)

    def _decode(self, response: httpx.Response) -> Any:
        if response.status_code >= 400:
            raise self._error(response)
        if response.status_code == 204 or not response.content:
            return None
        try:
            return response.json()
        except ValueError as error:
            raise Unavailable("The server sent an answer this application cannot read.",
                              code="bad_response") from error

    @staticmethod
    def _parse(adapter: Callable[[Any], T], data: Any) -> T:
        try:
            return adapter(data)
        except ValidationError as error:
            raise Unavailable("The server sent data this application cannot read; "
                              "is it a Consultation Planner server of a matching version?",
                              code="bad_response") from error

    # --- auth --------------------------------------------------------------------------------------

    def register(self, data: UserCreate) -> UserRead:
        """POST /register/ → the new account (does not sign in)."""
        body = data.model_dump(mode="json")
        return self._parse(UserRead.model_validate,
                           self._request("POST", "/register/", json=body, auth=False))

    def sign_in(self, email: str, password: str) -> None:
        """POST /auth/jwt/create/; keeps the token pair. Unauthorized / Forbidden (blocked) / Throttled."""
        data = self._request("POST", "/auth/jwt/create/", json={"email": email, "password": password},
                             auth=False)
        self._set_tokens(data["access"], data["refresh"])

    def resume(self, refresh: str) -> None:
        """Sign in with a remembered refresh token (POST /auth/jwt/refresh/)."""
        self._tokens.refresh = refresh
        self._refresh_access()

    def remember_refresh(self, refresh: str) -> None:
        """Hold a refresh token without using it yet (the first request that needs it refreshes)."""
        self._tokens.refresh = refresh

    def sign_out(self) -> None:
        """Forget the tokens here (``revoke`` ends the session on the server)."""
        self._set_tokens(None, None)

    def revoke(self, refresh: str) -> None:
        """POST /auth/jwt/revoke/: that refresh token is refused from now on (signing out)."""
        self._request("POST", "/auth/jwt/revoke/", json={"refresh": refresh}, auth=False)

    def change_password(self, current_password: str, new_password: str) -> None:
        """POST /users/me/password/: every other session ends; this one goes on with new tokens.

        The tokens' lock is held until the new tokens are kept: a request of another thread (the
        feed, woken by this very change) refused with the old token waits for them, rather than
        refreshing with the old refresh token and ending this session too."""
        with self._tokens.lock:
            data = self._request("POST", "/users/me/password/", json={
                "current_password": current_password, "new_password": new_password})
            self._set_tokens(data["access"], data["refresh"])

    def request_password_reset(self, email: str) -> str:
        """POST /auth/password/reset/: a code is emailed if the account exists; the server's words."""
        data = self._request("POST", "/auth/password/reset/", json={"email": email}, auth=False)
        return str(data.get("detail", "")) if isinstance(data, dict) else ""

    def confirm_password_reset(self, email: str, code: str, new_password: str) -> None:
        """POST /auth/password/reset/confirm/: the new password set with the emailed code."""
        self._request("POST", "/auth/password/reset/confirm/", auth=False, json={
            "email": email, "code": code, "new_password": new_password})

    def verify(self, token: str) -> bool:
        """POST /auth/jwt/verify/: is this token valid?"""
        try:
            self._request("POST", "/auth/jwt/verify/", json={"token": token}, auth=False)
        except Unauthorized:
            return False
        return True

    def health(self) -> bool:
        """GET /healthz (outside /api/v1): does a server answer at this address?"""
        try:
            response = self._http.get(self.base_url + "/healthz", timeout=3.0)
        except httpx.HTTPError:
            return False
        return response.status_code == 200

    def server_version(self) -> str | None:
        """GET /healthz: the server's version (None from a server too old to say, or unreachable)."""
        try:
            response = self._http.get(self.base_url + "/healthz", timeout=3.0)
            version = response.json().get("version") if response.status_code == 200 else None
        except (httpx.HTTPError, ValueError, AttributeError):
            return None
        return str(version) if version else None

    # --- users -------------------------------------------------------------------------------------

    def me(self) -> UserRead:
        return self._parse(UserRead.model_validate, self._request("GET", "/users/me/"))

    def update_me(self, data: UserSelfUpdate) -> UserRead:
        return self._parse(UserRead.model_validate, self._request("PATCH", "/users/me/", json=_body(data)))

    def users(self, *, role: Role | None = None, is_blocked: bool | None = None,
              search: str | None = None) -> list[UserRead]:
        """GET /users/ (administrators)."""
        params = {"role": role.value if role else None,
                  "is_blocked": None if is_blocked is None else str(is_blocked).lower(), "search": search}
        return self._parse(_USERS.validate_python, self._request("GET", "/users/", params=params))

    def user(self, user_id: int) -> UserRead:
        return self._parse(UserRead.model_validate, self._request("GET", f"/users/{user_id}/"))

    def update_user(self, user_id: int, data: UserAdminUpdate) -> UserRead:
        """PATCH /users/{id}/ (administrators); only the fields set on ``data`` are sent."""
        return self._parse(UserRead.model_validate,
                           self._request("PATCH", f"/users/{user_id}/", json=_body(data)))

    def booking_rules(self) -> BookingRules:
        """GET /users/me/booking_rules/ (specialists)."""
        return self._parse(BookingRules.model_validate, self._request("GET", "/users/me/booking_rules/"))

    def specialist_booking_rules(self, specialist_id: int) -> BookingRules:
        """GET /users/{id}/booking_rules/: what a client may request of that specialist."""
        return self._parse(BookingRules.model_validate,
                           self._request("GET", f"/users/{specialist_id}/booking_rules/"))

    def update_booking_rules(self, data: BookingRulesUpdate) -> BookingRules:
        """PATCH /users/me/booking_rules/ (specialists); only the fields set on ``data`` are sent."""
        return self._parse(BookingRules.model_validate,
                           self._request("PATCH", "/users/me/booking_rules/", json=_body(data)))

    def block_user(self, user_id: int) -> UserRead:
        return self._parse(UserRead.model_validate, self._request("PATCH", f"/users/{user_id}/block_user/"))

    def unblock_user(self, user_id: int) -> UserRead:
        return self._parse(UserRead.model_validate,
                           self._request("PATCH", f"/users/{user_id}/unblock_user/"))

    # --- slots -------------------------------------------------------------------------------------

    def slots(self, *, start: datetime | None = None, end: datetime | None = None,
              specialist: int | None = None, status: SlotStatus | None = None,
              limit: int | None = None, offset: int = 0) -> list[SlotRead]:
        """GET /slots/: what this user may see, ordered by start (``start``/``end`` → from/to)."""
        params = {"from": start.isoformat() if start else None, "to": end.isoformat() if end else None,
                  "specialist": specialist, "status": status.value if status else None,
                  "limit": limit, "offset": offset or None}
        return self._parse(_SLOTS.validate_python, self._request("GET", "/slots/", params=params))

    def slot(self, slot_id: int) -> SlotRead:
        return self._parse(SlotRead.model_validate, self._request("GET", f"/slots/{slot_id}/"))

    def create_slot(self, data: SlotCreate) -> SlotRead:
        return self._parse(SlotRead.model_validate, self._request("POST", "/slots/", json=_body(data)))

    def create_series(self, data: SeriesCreate) -> SeriesResult:
        return self._parse(SeriesResult.model_validate,
                           self._request("POST", "/slots/series/", json=_body(data)))

    def update_slot(self, slot_id: int, data: SlotUpdate) -> SlotRead:
        return self._parse(SlotRead.model_validate,
                           self._request("PATCH", f"/slots/{slot_id}/", json=_body(data)))

    def delete_slot(self, slot_id: int) -> None:
        self._request("DELETE", f"/slots/{slot_id}/")

    def agree(self, slot_id: int) -> SlotRead:
        return self._parse(SlotRead.model_validate, self._request("PATCH", f"/slots/{slot_id}/agree/"))

    def cancel_specialist(self, slot_id: int, reason: CancelReason = CancelReason.FORCE_MAJEURE,
                          text: str = "") -> SlotRead:
        """Decline a request or cancel an agreed consultation (specialists)."""
        body = CommentCreate(reason=reason, text=text).model_dump(mode="json")
        return self._parse(SlotRead.model_validate,
                           self._request("PATCH", f"/slots/{slot_id}/cancel_specialist/", json=body))

    def reserve(self, slot_id: int) -> SlotRead:
        return self._parse(SlotRead.model_validate, self._request("PATCH", f"/slots/{slot_id}/reserve/"))

    def cancel_client(self, slot_id: int, reason: CancelReason = CancelReason.FORCE_MAJEURE,
                      text: str = "") -> SlotRead:
        """Withdraw a request while it awaits the specialist (clients)."""
        body = CommentCreate(reason=reason, text=text).model_dump(mode="json")
        return self._parse(SlotRead.model_validate,
                           self._request("PATCH", f"/slots/{slot_id}/cancel_client/", json=body))

    def move(self, slot_id: int, to: int) -> SlotRead:
        """The client's request to another free slot of the same specialist (SPEC §2a)."""
        return self._parse(SlotRead.model_validate,
                           self._request("PATCH", f"/slots/{slot_id}/move/", json={"to": to}))

    def propose_move(self, slot_id: int, *, to: int | None = None, start: datetime | None = None,
                     end: datetime | None = None) -> SlotRead:
        """A new time for an agreed consultation: a free slot (``to``) or a new one (start, end)."""
        body: dict[str, Any] = {"to": to} if to is not None else {
            "start_time": start.isoformat() if start else None, "end_time": end.isoformat() if end else None}
        return self._parse(SlotRead.model_validate,
                           self._request("PATCH", f"/slots/{slot_id}/propose_move/", json=body))

    def accept_move(self, slot_id: int) -> SlotRead:
        return self._parse(SlotRead.model_validate, self._request("PATCH", f"/slots/{slot_id}/accept_move/"))

    def decline_move(self, slot_id: int) -> SlotRead:
        return self._parse(SlotRead.model_validate, self._request("PATCH", f"/slots/{slot_id}/decline_move/"))

    def history(self) -> list[HistoryEntry]:
        return self._parse(_HISTORY.validate_python, self._request("GET", "/history/"))

    # --- sync and outbox ---------------------------------------------------------------------------

    def sync(self, since: int | None = None, *, wait: float = 0) -> SyncPage:
        """GET /sync/: a snapshot without ``since``; else the changes after it, held up to ``wait`` s."""
        params: dict[str, Any] = {"since": since}
        if since is not None and wait:
            params["wait"] = int(wait)
        timeout = httpx.Timeout(wait + 15.0, connect=5.0)
        return self._parse(SyncPage.model_validate,
                           self._request("GET", "/sync/", params=params, timeout=timeout))

    def end_sessions(self, user_id: int) -> None:
        """POST /users/{id}/sessions/revoke/ (administrators): every session of the user ends."""
        self._request("POST", f"/users/{user_id}/sessions/revoke/")

    def send_password_reset(self, user_id: int) -> None:
        """POST /users/{id}/password_reset/ (administrators): email the user a reset code."""
        self._request("POST", f"/users/{user_id}/password_reset/")

    def audit(self, *, actor: int | None = None, target: int | None = None,
              action: AuditAction | None = None, start: datetime | None = None,
              end: datetime | None = None, limit: int = 500, offset: int = 0) -> list[AuditEntryRead]:
        """GET /audit/ (administrators): the audit trail, newest first."""
        params = {"actor": actor, "target": target, "action": action.value if action else None,
                  "from": start.isoformat() if start else None, "to": end.isoformat() if end else None,
                  "limit": limit, "offset": offset or None}
        return self._parse(_AUDIT.validate_python, self._request("GET", "/audit/", params=params))

    def outbox(self, *, status: OutboxStatus | None = None, limit: int | None = None,
               offset: int = 0) -> list[OutboxMessageRead]:
        """GET /outbox/ (administrators): pending and failed emails (or those of ``status``)."""
        params = {"status": status.value if status else None, "limit": limit, "offset": offset or None}
        return self._parse(_OUTBOX.validate_python, self._request("GET", "/outbox/", params=params))

    def retry_outbox(self, message_id: int) -> OutboxMessageRead:
        """POST /outbox/{id}/retry/ (administrators): send a failed or waiting email again now."""
        return self._parse(OutboxMessageRead.model_validate,
                           self._request("POST", f"/outbox/{message_id}/retry/"))

    # --- the specialist's own calendar and the feeds -------------------------------------------

    def calendar(self) -> CalendarRead | None:
        """GET /users/me/calendar/ (specialists): the connected calendar, or None."""
        try:
            return self._parse(CalendarRead.model_validate, self._request("GET", "/users/me/calendar/"))
        except NotFound:
            return None

    def discover_calendars(self, data: CalendarCredentials) -> list[RemoteCalendarRead]:
        """POST /users/me/calendar/discover/: test a CalDAV account, list its calendars."""
        return self._parse(_REMOTE_CALENDARS.validate_python,
                           self._request("POST", "/users/me/calendar/discover/",
                                         json=data.model_dump(mode="json"), timeout=60.0))

    def connect_calendar(self, data: CalendarConnect) -> CalendarRead:
        """PUT /users/me/calendar/: connect or change it (the first sync runs before the answer)."""
        return self._parse(CalendarRead.model_validate,
                           self._request("PUT", "/users/me/calendar/",
                                         json=data.model_dump(mode="json", exclude_none=True),
                                         timeout=120.0))

    def disconnect_calendar(self) -> None:
        self._request("DELETE", "/users/me/calendar/")

    def sync_calendar(self) -> CalendarRead:
        return self._parse(CalendarRead.model_validate,
                           self._request("POST", "/users/me/calendar/sync/", timeout=120.0))

    def busy(self, start: datetime, end: datetime) -> list[BusyRead]:
        """GET /users/me/busy/ (specialists): busy times from the own calendar, with titles."""
        params = {"from": start.isoformat(), "to": end.isoformat()}
        return self._parse(_BUSY.validate_python, self._request("GET", "/users/me/busy/", params=params))

    def feed(self) -> FeedRead | None:
        """GET /users/me/feed_token/: the private subscription URL, or None while it is off."""
        try:
            return self._parse(FeedRead.model_validate, self._request("GET", "/users/me/feed_token/"))
        except NotFound:
            return None

    def replace_feed(self) -> FeedRead:
        """POST /users/me/feed_token/: turn the subscription on, or give it a new URL."""
        return self._parse(FeedRead.model_validate, self._request("POST", "/users/me/feed_token/"))

    def turn_off_feed(self) -> None:
        self._request("DELETE", "/users/me/feed_token/")
