"""Reaching a server and signing in: the blocking steps behind the sign-in dialog.

Everything here except :class:`Servers` construction runs in worker threads (see tasks.py).
The result of a sign-in is a :class:`SignedIn`: the API client holding the tokens, the user, and
the local copy saved for this user on this server (shown at once, before the feed catches up).
"""

from __future__ import annotations

import hashlib
import re
import threading
from dataclasses import dataclass
from pathlib import Path

from planner_desktop import credentials
from planner_desktop.api import ApiClient
from planner_desktop.embedded import EmbeddedServer
from planner_desktop.settings import EMBEDDED
from planner_desktop.store import StoreFile, StoreState
from planner_shared.errors import Invalid, Unavailable
from planner_shared.rules import normalise_email
from planner_shared.schemas import UserCreate, UserRead


@dataclass
class SignedIn:
    api: ApiClient
    user: UserRead
    state: StoreState | None  # the saved local copy of this user, if any
    store_file: StoreFile
    server_key: str  # "embedded" or the normalised URL
    email: str
    offline: bool = False  # the server was unreachable: opened from the saved copy


def normalise_url(url: str) -> str:
    url = url.strip().rstrip("/")
    if not url:
        raise Invalid("Enter the server address, e.g. http://planner.example.com:8000.", code="no_url")
    if not re.match(r"^https?://", url):
        url = "http://" + url
    return url.removesuffix("/api/v1")


class Servers:
    """The server choices of this profile; owns the embedded server once it is needed."""

    def __init__(self, data_dir: Path, *, demo: bool = False, embedded: EmbeddedServer | None = None,
                 port: int | None = None) -> None:
        self.data_dir = data_dir
        self.demo = demo
        self.port = port  # the built-in server's, when asked for (--port)
        self.embedded = embedded  # given when it was started early (planner_desktop.app.main)
        self._lock = threading.Lock()

    def key(self, choice: str) -> str:
        return EMBEDDED if choice == EMBEDDED else normalise_url(choice)

    def url(self, choice: str) -> str:
        """The base URL of a choice; starts the embedded server if needed (blocking)."""
        if choice != EMBEDDED:
            return normalise_url(choice)
        with self._lock:
            if self.embedded is None:
                self.embedded = EmbeddedServer.of_profile(self.data_dir, demo=self.demo, port=self.port)
            embedded = self.embedded
        return embedded.start()  # waits for a start already under way

    def stop(self) -> None:
        with self._lock:
            if self.embedded is not None:
                self.embedded.stop()

    def release_embedded(self) -> None:
        """Stop the built-in server when a team server was chosen (blocking; it starts again if it
        is chosen later)."""
        with self._lock:
            embedded = self.embedded
        if embedded is not None:
            embedded.stop_after_start()

    def reachable(self, choice: str) -> bool:
        """Does a Consultation Planner server answer at this team-server address? (blocking)"""
        api = ApiClient(normalise_url(choice))
        try:
            return api.health()
        finally:
            api.close()

    def store_file(self, choice: str, email: str) -> StoreFile:
        key = self.key(choice)
        slug = re.sub(r"[^A-Za-z0-9]+", "-", key).strip("-")[:60]
        digest = hashlib.sha256(normalise_email(email).encode()).hexdigest()[:16]
        return StoreFile(self.data_dir / "cache" / f"{slug}-{digest}.json")

    # --- the blocking steps ------------------------------------------------------------------------

    def sign_in(self, choice: str, email: str, password: str, *, remember: bool) -> SignedIn:
        api = ApiClient(self.url(choice))
        api.sign_in(email.strip(), password)
        return self._finish(api, choice, email, remember=remember)

    def register(self, choice: str, data: UserCreate, *, remember: bool) -> SignedIn:
        api = ApiClient(self.url(choice))
        api.register(data)
        api.sign_in(str(data.email), data.password)
        return self._finish(api, choice, str(data.email), remember=remember)

    def resume(self, choice: str, email: str) -> SignedIn | None:
        """Sign in again with the remembered token; offline from the saved copy if unreachable."""
        token = credentials.load_token(self.key(choice), email)
        if not token:
            return None
        store_file = self.store_file(choice, email)
        try:
            api = ApiClient(self.url(choice))
            api.resume(token)
            return self._finish(api, choice, email, remember=True)
        except Unavailable:
            state = store_file.load()
            if state is None or not state.owner:
                raise
            user = UserRead.model_validate(state.owner)
            api = ApiClient(self.url(choice))
            api.remember_refresh(token)
            return SignedIn(api, user, state, store_file, self.key(choice), email, offline=True)

    def _finish(self, api: ApiClient, choice: str, email: str, *, remember: bool) -> SignedIn:
        user = api.me()
        key = self.key(choice)
        if remember and api.refresh_token:
            credentials.save_token(key, email, api.refresh_token)
        elif not remember:
            credentials.forget_token(key, email)
        store_file = self.store_file(choice, email)
        state = store_file.load()
        if state is not None and state.owner.get("id") != user.id:
            state = None  # another account of the same address (a reset server): start afresh
        return SignedIn(api, user, state, store_file, key, email)
