"""Handing a finished message to the world: a folder of ``.eml`` files or an SMTP relay.

A transport takes the envelope and the message's bytes, nothing else, so
the job that sends a queued mail needs no request and no template.  The
SMTP transport tells a refusal for good (a 5xx answer) from a failure
worth retrying (4xx, refused connections, timeouts): see
:func:`permanent_refusal`.
"""
from __future__ import annotations

import logging
import os
import re
import smtplib
import time
import uuid

log = logging.getLogger(__name__)


class FileTransport:
    """Writes each message to a file; the development stand-in for SMTP."""

    def __init__(self, directory: str):
        self.directory = directory

    def send(self, sender: str, recipients: list[str], message: bytes) -> None:
        os.makedirs(self.directory, exist_ok=True)
        name = f"{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:8]}.eml"
        path = os.path.join(self.directory, name)
        with open(path + ".tmp", "wb") as fh:
            fh.write(message)
        os.replace(path + ".tmp", path)  # a reader of the folder never sees half a message
        log.info("mail to %s written to %s", ", ".join(recipients), path)


class SMTPTransport:
    """One SMTP conversation per message with the relay in the ``mail.*`` settings."""

    def __init__(self, host: str, port: int, username: str | None = None, password: str | None = None,
                 tls: bool = False, ssl: bool = False, timeout: float = 30.0):
        self.host, self.port = host, port
        self.username, self.password = username, password
        self.tls, self.ssl, self.timeout = tls, ssl, timeout

    def send(self, sender: str, recipients: list[str], message: bytes) -> None:
        # SMTP wants CRLF line ends (RFC 5321); a bare LF makes one long line
        # that a strict server refuses.
        message = re.sub(rb"\r?\n", b"\r\n", message)
        smtp_class = smtplib.SMTP_SSL if self.ssl else smtplib.SMTP
        with smtp_class(self.host, self.port, timeout=self.timeout) as smtp:
            if self.tls:
                smtp.starttls()
            if self.username:
                smtp.login(self.username, self.password or "")
            refused = smtp.sendmail(sender, recipients, message)
        if refused:
            log.warning("mail %s: some recipients refused: %s", sender, refused)


def permanent_refusal(exc: BaseException) -> str | None:
    """The server's answer when it refused for good (5xx), else None (worth retrying)."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        answers = list(exc.recipients.values())
        if answers and all(code >= 500 for code, _ in answers):
            return "; ".join(f"{address}: {code} {_text(reply)}" for address, (code, reply) in exc.recipients.items())
        return None
    if isinstance(exc, smtplib.SMTPResponseException) and exc.smtp_code >= 500:
        return f"{exc.smtp_code} {_text(exc.smtp_error)}"
    return None


def _text(reply) -> str:
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)


def _flag(value) -> bool:
    return str(value).strip().lower() in ("1", "true", "yes", "on")


def transport_from_settings(settings: dict):
    backend = settings.get("mail.backend", "files")
    if backend == "files":
        return FileTransport(settings.get("mail.files_dir") or os.path.join("var", "mail"))
    if backend == "smtp":
        return SMTPTransport(settings.get("mail.host", "localhost"), int(settings.get("mail.port", 25)),
                             settings.get("mail.username") or None, settings.get("mail.password") or None,
                             tls=_flag(settings.get("mail.tls", False)), ssl=_flag(settings.get("mail.ssl", False)),
                             timeout=float(settings.get("mail.timeout", 30)))
    raise ValueError(f"mail.backend must be 'files' or 'smtp', not {backend!r}")
