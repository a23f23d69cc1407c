"""Fetch a mailbox over IMAP and move each message only after its transaction committed.

For each message in ``mail.inbound.imap.folder``: read it without
marking it (``BODY.PEEK``), handle it (:func:`.ingest.ingest`, its own
transaction), and only then move it to ``mail.inbound.imap.processed``
(or, with that setting empty, flag it ``\\Seen`` and leave it) or, when it
could not be handled, to ``mail.inbound.imap.failed``.  A crash between
the commit and the move leaves the message in place; the next fetch finds
its Message-ID in the ledger and only moves it.  When the database cannot
be reached the fetch stops and raises, leaving the message where it was.  A message larger than
``mail.inbound.max_bytes`` is moved to the failed folder unread.

``mail.inbound.imap.tls``: ``ssl`` (IMAPS, port 993), ``starttls`` (the
default, port 143) or ``none`` (loopback only); ``mail.inbound.imap.cafile``
names extra certificates to trust.
"""
from __future__ import annotations

import dataclasses
import imaplib
import logging
import re
import ssl

from . import limits
from .ingest import ingest

log = logging.getLogger(__name__)

_SIZE = re.compile(rb"RFC822\.SIZE (\d+)")


class MailboxError(Exception):
    """The mailbox could not be reached or read (a setting, the network, the server)."""


@dataclasses.dataclass
class FetchReport:
    handled: int = 0
    failed: int = 0
    duplicates: int = 0
    reasons: list = dataclasses.field(default_factory=list)


def _setting(settings, name: str, default: str = "") -> str:
    return str(settings.get(f"mail.inbound.imap.{name}", default) or default).strip()


def connect(settings) -> imaplib.IMAP4:
    """A logged-in connection to the configured mailbox."""
    host = _setting(settings, "host")
    if not host:
        raise MailboxError("mail.inbound.imap.host is not set")
    tls = _setting(settings, "tls", "starttls").lower()
    if tls not in ("ssl", "starttls", "none"):
        raise MailboxError(f"mail.inbound.imap.tls must be ssl, starttls or none, not {tls!r}")
    context = ssl.create_default_context(cafile=_setting(settings, "cafile") or None)
    port = int(_setting(settings, "port") or (993 if tls == "ssl" else 143))
    timeout = float(_setting(settings, "timeout", "60"))
    try:
        if tls == "ssl":
            imap = imaplib.IMAP4_SSL(host, port, ssl_context=context, timeout=timeout)
        else:
            imap = imaplib.IMAP4(host, port, timeout=timeout)
            if tls == "starttls":
                imap.starttls(context)
        imap.login(_setting(settings, "username"), _setting(settings, "password"))
    except (OSError, imaplib.IMAP4.error) as exc:
        raise MailboxError(f"cannot log in to {host}:{port}: {exc}") from exc
    return imap


def _quoted(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


class _Mover:
    """Moves messages by UID, with MOVE when the server has it, else COPY, \\Deleted and EXPUNGE."""

    def __init__(self, imap, settings):
        self.imap = imap
        self.can_move = "MOVE" in imap.capabilities
        # An empty setting (not a missing one) means: flag \Seen and leave the message.
        self.processed = str(settings.get("mail.inbound.imap.processed", "processed") or "").strip()
        self.failed = _setting(settings, "failed", "failed")
        self.made: set[str] = set()

    def _ensure(self, folder: str) -> None:
        if folder not in self.made:
            self.imap.create(_quoted(folder))  # "already exists" is fine
            self.made.add(folder)

    def move(self, uid: bytes, folder: str) -> None:
        self._ensure(folder)
        if self.can_move:
            status, answer = self.imap.uid("MOVE", uid, _quoted(folder))
        else:
            status, answer = self.imap.uid("COPY", uid, _quoted(folder))
            if status == "OK":
                self.imap.uid("STORE", uid, "+FLAGS.SILENT", r"(\Deleted)")
                self.imap.expunge()
        if status != "OK":
            log.warning("could not move message %s to %s: %s", uid, folder, answer)

    def done(self, uid: bytes) -> None:
        if self.processed:
            self.move(uid, self.processed)
        else:
            self.imap.uid("STORE", uid, "+FLAGS.SILENT", r"(\Seen)")

    def fail(self, uid: bytes) -> None:
        self.move(uid, self.failed)


def fetch(registry, limit: int | None = None) -> FetchReport:
    """Handle what waits in the configured folder; returns counts and the reasons of failures."""
    settings = registry.settings
    imap = connect(settings)
    report = FetchReport()
    try:
        folder = _setting(settings, "folder", "INBOX")
        status, answer = imap.select(_quoted(folder))
        if status != "OK":
            raise MailboxError(f"cannot open the folder {folder!r}: {answer}")
        mover = _Mover(imap, settings)
        criteria = "UNDELETED" if mover.processed else "UNSEEN UNDELETED"
        status, found = imap.uid("SEARCH", None, criteria)
        uids = found[0].split() if status == "OK" and found and found[0] else []
        for uid in uids[:limit]:
            _one(imap, registry, mover, uid, report)
    finally:
        try:
            imap.logout()
        except (OSError, imaplib.IMAP4.error):
            pass
    return report


def _one(imap, registry, mover: _Mover, uid: bytes, report: FetchReport) -> None:
    status, data = imap.uid("FETCH", uid, "(RFC822.SIZE)")
    size = _SIZE.search(data[0] if data and isinstance(data[0], bytes) else b"") if status == "OK" else None
    if size is None:
        return  # gone meanwhile (another worker moved it)
    if int(size.group(1)) > limits.max_bytes(registry.settings):
        reason = f"the message is {int(size.group(1))} bytes, more than the limit of {limits.max_bytes(registry.settings)}"
        log.warning("inbound mail (IMAP uid %s) refused: %s", uid.decode(), reason)
        report.failed += 1
        report.reasons.append(reason)
        mover.fail(uid)
        return
    status, data = imap.uid("FETCH", uid, "(BODY.PEEK[])")
    raw = next((part[1] for part in data or [] if isinstance(part, tuple)), None) if status == "OK" else None
    if raw is None:
        return
    outcome = ingest(registry, raw)
    if outcome.failed:
        report.failed += 1
        report.reasons.append(outcome.text)
        mover.fail(uid)
        return
    report.handled += 1
    report.duplicates += outcome.text == "duplicate"
    mover.done(uid)
