"""The flow of one run of the application: sign in → the role's window → sign out … → quit."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication

from planner_desktop import credentials, i18n, theme
from planner_desktop.connect import Servers, SignedIn
from planner_desktop.embedded import EmbeddedServer
from planner_desktop.session import Session
from planner_desktop.settings import EMBEDDED, AppSettings, default_data_dir
from planner_desktop.shell import Shell
from planner_desktop.store import Store
from planner_desktop.sync import BACKOFF, Syncer
from planner_desktop.tasks import Tasks
from planner_desktop.windows.sign_in import SignInDialog
from planner_shared import demo

log = logging.getLogger("planner_desktop")


class Application(QObject):
    """The flow of one run: sign in → role window → sign out / switch server → … → quit."""

    window_shown = Signal(object)  # the first visible top-level window: dialog or shell

    def __init__(self, qapp: QApplication, args: argparse.Namespace, *,
                 embedded: EmbeddedServer | None = None) -> None:
        super().__init__(qapp)
        self.qapp = qapp
        self.data_dir: Path = (args.data_dir or default_data_dir()).expanduser().resolve()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.settings = AppSettings(self.data_dir)
        self.language = i18n.install(qapp, i18n.resolve_language(args.language or self.settings.language))
        theme.apply(qapp)  # a dark palette when the system's scheme is dark
        self.fixed_server: str | None = args.server
        self.demo = bool(args.demo) and not args.server
        self.servers = Servers(self.data_dir, demo=self.demo, embedded=embedded,
                               port=getattr(args, "port", None))
        self.tasks = Tasks(self)
        self.session: Session | None = None
        self.shell: Shell | None = None
        self.dialog: SignInDialog | None = None
        self.sync_backoff = BACKOFF  # reconnection delays of the feed
        self._closing = False
        qapp.aboutToQuit.connect(self.shutdown)

    # --- flow ----------------------------------------------------------------------------------

    def start(self) -> None:
        if self.demo:
            print("Consultation Planner demo accounts:\n" + demo.credentials_text(), flush=True)
            if self.fixed_server is None:
                self.settings.server = EMBEDDED
        self.show_sign_in(resume=True)

    def show_sign_in(self, *, resume: bool, focus_server: bool = False,
                     ended: BaseException | None = None) -> None:
        """The sign-in dialog; ``ended``: why the last session ended without being asked to."""
        dialog = SignInDialog(self.servers, self.settings, self.tasks, fixed_server=self.fixed_server,
                              language=self.language, resume=resume)
        dialog.signed_in.connect(self.open_session)
        dialog.rejected.connect(self._dialog_rejected)
        self.dialog = dialog
        if ended is not None:
            dialog.explain_session_end(ended)
        dialog.show()
        if focus_server:
            dialog.url_combo.setFocus()
        elif ended is not None:
            dialog.password_edit.setFocus()
        self.window_shown.emit(dialog)

    def _dialog_rejected(self) -> None:
        if self.session is None and not self._closing:
            self.qapp.quit()

    def open_session(self, result: SignedIn) -> None:
        store = Store()
        if result.state is not None:
            store.restore(result.state)
        sync = Syncer(result.api, store, backoff=self.sync_backoff)
        self.session = Session(api=result.api, store=store, tasks=self.tasks, sync=sync,
                               user=result.user, settings=self.settings,
                               server_label=result.server_key, store_file=result.store_file)
        self.session.start()
        sync.session_ended.connect(self._session_refused)
        if result.server_key != EMBEDDED:  # the built-in server is not the choice: it need not run
            self.tasks.run(self.servers.release_embedded, busy=False)
        self._show_shell()
        if self.dialog is not None:
            self.dialog.deleteLater()
            self.dialog = None

    def _show_shell(self) -> None:
        assert self.session is not None
        shell = Shell(self.session, language=self.language)
        shell.sign_out_requested.connect(lambda: self.end_session(forget=True, revoke=True))
        shell.switch_server_requested.connect(lambda: self.end_session(forget=False, focus_server=True))
        shell.language_requested.connect(self.change_language)
        shell.closed.connect(self.qapp.quit)
        self.shell = shell
        shell.show()
        self.window_shown.emit(shell)

    def change_language(self, code: str) -> None:
        """Switch the interface language now: the shell and its role window are rebuilt."""
        self.settings.language = code
        self.language = i18n.install(self.qapp, code)
        if self.shell is not None:
            old = self.shell
            self._show_shell()
            old.leave()
            old.deleteLater()

    def end_session(self, *, forget: bool, focus_server: bool = False,
                    ended: BaseException | None = None, revoke: bool = False) -> None:
        """Back to the sign-in dialog (the application goes on); ``forget``: as a sign-out does;
        ``revoke``: signing out also ends the session on the server (its refresh token dies)."""
        session, shell = self.session, self.shell
        self.session, self.shell = None, None
        if session is not None:
            session.end()
            if forget:
                key, email = session.server_label, self.settings.last_email
                self.tasks.run(lambda: credentials.forget_token(key, email), busy=False)
                refresh = session.api.refresh_token
                if revoke and refresh:
                    api = session.api.clone()

                    def revoke_refresh() -> None:
                        try:
                            api.revoke(refresh)
                        finally:
                            api.close()

                    self.tasks.run(revoke_refresh, busy=False, on_failure=self._revoke_failed)
                session.api.sign_out()
        if shell is not None:
            shell.leave()
            shell.deleteLater()
        self.show_sign_in(resume=False, focus_server=focus_server, ended=ended)

    @staticmethod
    def _revoke_failed(error: BaseException) -> None:
        log.info("signing out: the server was not told (%s)", error)

    def _session_refused(self, error: BaseException) -> None:
        """The server no longer accepts this user (blocked, or the sign-in expired): signed out as by
        the user, and the sign-in dialog says why."""
        log.info("the server ended the session: %s", error)
        self.end_session(forget=True, ended=error)

    def shutdown(self) -> None:
        """Quit: stop the feed, save the local copy, stop the built-in server."""
        if self._closing:
            return
        self._closing = True
        if self.session is not None:
            self.session.end(wait=True)  # the local copy is on disk before the process ends
        if self.shell is not None:
            self.shell.closed.disconnect()
            self.shell.close()
            self.shell.deleteLater()
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
        self.tasks.shutdown(wait=True)
        self.settings.sync()
        self.servers.stop()
