"""Handle one received message: parse, de-duplicate, screen, and hand it to the plugins.

Each message is handled in a transaction of its own.  The ledger row, what
a plugin posts and the mail it answers with commit together or not at
all: a handler that raises leaves nothing half-saved, and the message is
reported failed with the reason.  Plugins claim a message through the
``cc_mail_received`` hook; mail nobody claims from an address nobody has
is answered under ``mail.inbound.unknown_senders``.
"""
from __future__ import annotations

import dataclasses
import email.utils
import logging

import sqlalchemy as sa
import transaction
from pyramid.request import Request
from pyramid.scripting import prepare

from ..db import get_tm_session, sqlite_write_intent
from ..models import Person
from . import answers, ledger
from .message import ReceivedMail, Refused, parse

log = logging.getLogger(__name__)

DEFAULT_PORTAL_URL = "http://localhost:6543"
UNKNOWN_ANSWERED = "answered: unknown sender"


@dataclasses.dataclass(frozen=True)
class Outcome:
    """What became of a message: ``text`` for the log; ``failed`` when it goes to the failed folder."""

    text: str
    failed: bool = False


def own_addresses(settings) -> set[str]:
    """The portal's own addresses: mail from them is our own, come back."""
    names = [settings.get("mail.default_sender") or "", settings.get("mail.inbound.address") or "",
             settings.get("cc.desk.reply_address") or ""]
    return {address.lower() for _, address in email.utils.getaddresses(names) if "@" in address}


def ingest(registry, raw: bytes, envelope_recipients=()) -> Outcome:
    """Handle ``raw`` (one RFC 5322 message) with the application ``registry``.

    Never raises for bad mail; raises ``sqlalchemy.exc.OperationalError``
    when the database cannot be reached, so the message is tried again.
    """
    settings = registry.settings
    try:
        mail = parse(raw, settings, envelope_recipients)
    except Refused as exc:
        log.warning("inbound mail refused: %s", exc)
        return Outcome(f"failed: {exc}", failed=True)
    manager = transaction.TransactionManager(explicit=True)
    sqlite_write_intent.set(True)
    try:
        with manager:
            dbsession = get_tm_session(registry["cc.db.session_factory"], manager)
            outcome = _handle(registry, dbsession, mail, manager)
    except sa.exc.OperationalError:
        # The database is down or busy: not the message's fault.  Leave it
        # where it is (IMAP) or ask the mail server to try again (pipe).
        raise
    except Exception as exc:  # a plugin's error or bad data: nothing of this message is kept
        log.exception("inbound mail %s from %s failed", mail.message_id, mail.sender)
        return Outcome(f"failed: {type(exc).__name__}: {exc}"[:300], failed=True)
    log.info("inbound mail %s from %s: %s", mail.message_id, mail.sender, outcome)
    return Outcome(outcome)


def _handle(registry, dbsession, mail: ReceivedMail, manager) -> str:
    row = ledger.claim(dbsession, mail.message_id, mail.sender)
    if row is None:
        return "duplicate"
    row.outcome = outcome = _decide(registry, dbsession, mail, manager)[:60]
    return outcome


def _decide(registry, dbsession, mail: ReceivedMail, manager) -> str:
    settings = registry.settings
    if mail.sender in own_addresses(settings):
        return "ignored: our own mail"
    if mail.automatic:
        return f"ignored: {mail.automatic}"
    if ledger.over_rate(dbsession, mail.sender, settings):
        return "ignored: rate limit"
    # Addresses are stored lower-case, as the sender's is here.
    person = dbsession.scalar(sa.select(Person).where(Person.email == mail.sender, Person.is_active.is_(True)))
    with _request(registry, dbsession, manager, person) as request:
        handled = registry["cc.plugin_manager"].hook.cc_mail_received(request=request, mail=mail, sender=person)
        if handled:
            return str(handled)
        if person is not None:
            return "ignored: no plugin took it"
        return _unknown_sender(request, dbsession, mail)


def _unknown_sender(request, dbsession, mail: ReceivedMail) -> str:
    policy = (request.registry.settings.get("mail.inbound.unknown_senders") or "reply").strip()
    if policy != "reply":
        return "ignored: unknown sender"
    if ledger.recent_count(dbsession, mail.sender, 24 * 3600, outcome=UNKNOWN_ANSWERED):
        return "ignored: unknown sender, answered today"
    answers.unknown_sender(request, mail)
    return UNKNOWN_ANSWERED


class _request:
    """A request on the application's registry and the message's session, as a job builds one."""

    def __init__(self, registry, dbsession, manager, person):
        self.registry, self.dbsession, self.manager, self.person = registry, dbsession, manager, person

    def __enter__(self):
        settings = self.registry.settings
        base_url = (settings.get("mail.inbound.portal_url") or DEFAULT_PORTAL_URL).rstrip("/")
        self.env = prepare(request=Request.blank("/", base_url=base_url), registry=self.registry)
        request = self.env["request"]
        request.dbsession = self.dbsession
        request.tm = self.manager  # mail sent "after the commit" waits for this message's commit
        request.person = self.person
        language = (self.person.language if self.person is not None else None) or settings.get(
            "pyramid.default_locale_name", "en")
        request.locale_name = language
        return request

    def __exit__(self, *exc_info):
        self.env["closer"]()
        return False
