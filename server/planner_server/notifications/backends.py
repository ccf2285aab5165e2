"""Where rendered messages go: an SMTP server (the ``emails`` package), .eml files, or the console.

Backends are blocking and run on the sender's threads, never on the event loop; several threads
may send at once (the SMTP backend keeps a connection per thread). ``send`` returns when the
message is accepted and raises ``DeliveryError`` otherwise; ``close`` runs while none sends.
"""

from __future__ import annotations

import logging
import os
import smtplib
import sys
import threading
from pathlib import Path
from typing import Any, Protocol

from emails.backend import SMTPBackend

from planner_server.config import ConfigError, Settings
from planner_server.notifications.render import Outgoing

log = logging.getLogger("planner_server.mail")


class DeliveryError(Exception):
    """The message was not accepted.

    ``permanent``: the server refused it for good (5xx), retrying will not help.
    ``unreachable``: nothing could be sent at all (connection failed), so neither can the rest.
    """

    def __init__(self, detail: str, *, permanent: bool = False, unreachable: bool = False) -> None:
        super().__init__(detail)
        self.permanent = permanent
        self.unreachable = unreachable


class Backend(Protocol):
    name: str

    def send(self, message: Outgoing) -> str:
        """Deliver; returns a note about a partial success (e.g. a refused copy) or ''."""
        ...

    def close(self) -> None: ...


class _Raw:
    """What SMTPBackend.sendmail expects of a message: its bytes."""

    def __init__(self, data: bytes) -> None:
        self._data = data

    def as_bytes(self) -> bytes:
        return self._data


class _Connection(SMTPBackend):
    """The ``emails`` package's SMTP connection, whose connecting (TCP, greeting, STARTTLS, login)
    is bounded by its own timeout, and whose sending by ``send_timeout`` (each reply)."""

    def __init__(self, *, send_timeout: float, **options: Any) -> None:
        super().__init__(**options)
        self.send_timeout = send_timeout

    def get_client(self) -> Any:
        fresh = self._client is None
        client = super().get_client()
        if fresh and client.sock is not None:
            client.sock.settimeout(self.send_timeout)
        return client

    def drop(self) -> None:
        """Close without a goodbye: the server may be what failed, and would not answer QUIT."""
        if self._client is not None:
            self._client.close()
            self._client = None


class SmtpBackend:
    name = "smtp"

    def __init__(self, settings: Settings) -> None:
        if settings.email_use_tls and settings.email_use_ssl:
            raise ConfigError("EMAIL_USE_TLS (STARTTLS) and EMAIL_USE_SSL (TLS from the start) "
                              "exclude each other: set only the one your SMTP server speaks.")
        self._options: dict[str, Any] = {
            "host": settings.email_host or "localhost", "port": settings.email_port,
            "ssl": settings.email_use_ssl, "tls": settings.email_use_tls,
            "user": settings.email_host_user or None, "password": settings.email_host_password or None,
            "timeout": min(settings.email_connect_timeout, settings.email_timeout),
            "send_timeout": settings.email_timeout, "fail_silently": False,
        }
        self._connections: dict[int, _Connection] = {}  # by sending thread

    def send(self, message: Outgoing) -> str:
        smtp = self._connections.get(threading.get_ident())
        if smtp is None:
            smtp = self._connections[threading.get_ident()] = _Connection(**self._options)
        try:
            smtp.get_client()  # connected here, so that sendmail's one retry is for a dropped connection
            response = smtp.sendmail(from_addr=message.from_address,
                                     to_addrs=list(message.recipients), msg=_Raw(message.data))
        except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as error:  # this message refused
            self._close_mine()
            raise DeliveryError(_describe(error), permanent=error.smtp_code >= 500) from None
        except smtplib.SMTPRecipientsRefused as error:
            self._close_mine()
            codes = [code for code, _ in error.recipients.values()]
            raise DeliveryError(_describe(error), permanent=all(c >= 500 for c in codes)) from None
        except (OSError, smtplib.SMTPException) as error:  # no connection, greeting, login, timeout
            self._connections.pop(threading.get_ident()).drop()
            raise DeliveryError(_describe(error), unreachable=True) from None
        if response is None or not response.success:
            self._close_mine()
            raise DeliveryError(f"the SMTP server did not accept the message ({response!r})")
        refused = response.refused_recipients
        return "; ".join(f"{address} refused: {code} {_text(text)}"
                         for address, (code, text) in refused.items())

    def _close_mine(self) -> None:
        self._connections.pop(threading.get_ident()).close()

    def close(self) -> None:
        while self._connections:
            self._connections.popitem()[1].close()


class FileBackend:
    """One .eml file per message in the outbox folder; a resend overwrites the same file."""

    name = "file"

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def send(self, message: Outgoing) -> str:
        target = self.folder / f"{message.outbox_id:08d}.eml"
        partial = target.with_suffix(".eml.part")
        try:
            try:
                partial.write_bytes(message.data)
            except FileNotFoundError:  # the first message, or the folder was removed
                self.folder.mkdir(parents=True, exist_ok=True)
                partial.write_bytes(message.data)
            os.replace(partial, target)
        except OSError as error:
            raise DeliveryError(f"cannot write to {self.folder}: {error}", unreachable=True) from None
        return ""

    def close(self) -> None:
        pass


class ConsoleBackend:
    """For development: the headers and the plain-text body on standard output."""

    name = "console"

    def send(self, message: Outgoing) -> str:
        sys.stdout.write(f"--- email {message.message_id}\nTo: {', '.join(message.recipients)}\n"
                         f"Subject: {message.subject}\n\n{message.text}\n")
        sys.stdout.flush()
        return ""

    def close(self) -> None:
        pass


def backend_for(settings: Settings) -> Backend:
    kind = settings.effective_email_backend
    if kind == "smtp":
        return SmtpBackend(settings)
    if kind == "console":
        return ConsoleBackend()
    return FileBackend(settings.outbox_dir)


def _text(value: bytes | str) -> str:
    return value.decode(errors="replace") if isinstance(value, bytes) else str(value)


def _describe(error: Exception) -> str:
    if isinstance(error, smtplib.SMTPResponseException):
        return f"{type(error).__name__}: {error.smtp_code} {_text(error.smtp_error)}"
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "recipients refused: " + "; ".join(
            f"{address} {code} {_text(text)}" for address, (code, text) in error.recipients.items())
    return f"{type(error).__name__}: {error}"[:500]
