"""Talking to a CalDAV server (the ``caldav`` library, blocking: callers run it on a thread).

Discovery (principal → calendars), the changes of one calendar since a sync token (RFC 6578
sync-collection; when the server has none or forgot the token, the etags of every object compared
with those known), objects fetched in calendar-multiget batches, and events written and deleted.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit

import caldav
from caldav.elements import dav
from caldav.lib import error as caldav_error

TIMEOUT_SECONDS = 20
MULTIGET_BATCH = 200


class CalendarRefused(Exception):
    """The server refused the user name or password."""


class CalendarUnreachable(Exception):
    """The server could not be reached, or answered with an error."""


@dataclass(frozen=True)
class RemoteCalendar:
    href: str  # the path on the server, e.g. /anna/work/
    name: str
    events: bool  # whether it takes VEVENTs


@dataclass
class Changes:
    """What changed in one calendar: objects (href → (etag, text)) new or changed, hrefs gone."""

    sync_token: str | None
    changed: dict[str, tuple[str, str]] = field(default_factory=dict)
    deleted: set[str] = field(default_factory=set)
    complete: bool = False  # every object of the calendar was listed (hrefs not listed are gone)


def path_of(url: Any) -> str:
    return unquote(urlsplit(str(url)).path)


def _failure(error: BaseException) -> Exception:
    if isinstance(error, caldav_error.AuthorizationError):
        return CalendarRefused("The calendar server refused the user name or password.")
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return CalendarUnreachable(text[:500])


class Connection:
    def __init__(self, url: str, username: str, password: str) -> None:
        self.url = url
        self.client = caldav.DAVClient(url=url, username=username, password=password,
                                       timeout=TIMEOUT_SECONDS)  # type: ignore[operator]

    def __enter__(self) -> Connection:
        return self

    def __exit__(self, *exc: object) -> None:
        with contextlib.suppress(Exception):  # closing a dead connection
            self.client.close()

    def _calendar(self, href: str) -> Any:
        return self.client.calendar(url=self.client.url.join(href))

    def calendars(self) -> list[RemoteCalendar]:
        try:
            found = self.client.principal().calendars()
            result = []
            for calendar in found:
                try:
                    components = calendar.get_supported_components()
                except Exception:
                    components = ["VEVENT"]
                name = calendar.get_display_name() or path_of(calendar.url).rstrip("/").rpartition("/")[2]
                result.append(RemoteCalendar(path_of(calendar.url), str(name), "VEVENT" in components))
            return result
        except Exception as error:
            raise _failure(error) from error

    def changes(self, href: str, *, sync_token: str | None, known: Mapping[str, str]) -> Changes:
        """The changes of calendar ``href`` since ``sync_token`` (None: everything), given the
        etags ``known`` (href → etag) of what is kept."""
        try:
            return self._changes(self._calendar(href), sync_token, known)
        except Exception as error:
            raise _failure(error) from error

    def _changes(self, calendar: Any, sync_token: str | None, known: Mapping[str, str]) -> Changes:
        listed: dict[str, str] = {}
        deleted: set[str] = set()
        token: str | None = None
        complete = sync_token is None
        try:
            result = calendar.objects_by_sync_token(sync_token, load_objects=False, disable_fallback=True)
            token = str(result.sync_token) if result.sync_token else None
            for item in result:
                listed[path_of(item.url)] = str((item.props or {}).get(dav.GetEtag.tag, ""))
            deleted = {path_of(url) for url in getattr(result, "deleted_urls", set()) or set()}
        except caldav_error.AuthorizationError as error:
            if sync_token is None or "valid-sync-token" not in str(getattr(error, "preconditions", "")):
                raise
            return self._changes(calendar, None, known)  # the server forgot the token: start over
        except (caldav_error.ReportError, caldav_error.DAVError):
            if sync_token is not None:  # the token is refused: every etag, compared
                return self._changes(calendar, None, known)
            listed = self._etags(calendar)  # no sync-collection at all: ctag/etag comparison
            token, complete = None, True
        if complete:
            deleted |= set(known) - set(listed)
        wanted = [item for item, etag in listed.items() if item not in deleted and
                  (not etag or known.get(item) != etag)]
        changes = Changes(sync_token=token, deleted=deleted, complete=complete)
        for start in range(0, len(wanted), MULTIGET_BATCH):
            batch = wanted[start:start + MULTIGET_BATCH]
            for url, data, props in calendar._multiget([calendar.url.join(item) for item in batch]):
                item = path_of(url)
                etag = str((props or {}).get(dav.GetEtag.tag, "") or listed.get(item, ""))
                changes.changed[item] = (etag, str(data))
            for item in batch:  # listed but gone by the time it was fetched
                if item not in changes.changed:
                    changes.deleted.add(item)
        return changes

    def _etags(self, calendar: Any) -> dict[str, str]:
        response = calendar._query_properties([dav.GetEtag()], depth=1)
        properties = response.expand_simple_props([dav.GetEtag()])
        own = path_of(calendar.url)
        return {path_of(url): str(values.get(dav.GetEtag.tag, "")) for url, values in properties.items()
                if path_of(url) != own}

    def put(self, href: str, name: str, data: str) -> str:
        """Write the object ``name`` (e.g. slot-5@example.com.ics) into calendar ``href``;
        answers its href."""
        try:
            calendar = self._calendar(href)
            target = calendar.url.join(name)
            self.client.put(str(target), data, {"Content-Type": 'text/calendar; charset="utf-8"'})
            return path_of(target)
        except Exception as error:
            raise _failure(error) from error

    def delete(self, href: str) -> None:
        """Delete an object; one already gone is fine."""
        try:
            response = self.client.delete(str(self.client.url.join(href)))
            if response.status not in (200, 204, 404):
                raise CalendarUnreachable(f"the calendar answered {response.status} to a deletion")
        except CalendarUnreachable:
            raise
        except Exception as error:
            raise _failure(error) from error
