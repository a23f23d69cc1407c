"""What was received, once: the Message-ID ledger and the per-sender limits built on it.

The ledger row is inserted with ``ON CONFLICT DO NOTHING`` in the
transaction that handles the message.  A second copy inserts nothing and
is skipped; when two workers take the same message at once on
PostgreSQL, the second insert waits for the first transaction and then
finds the row.  The per-sender limits count the sender's ledger rows in a
window, under the sender's locked counter row (:mod:`cc_core.counters`),
so two workers cannot both see room for one more.
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from ..counters import locked_counters
from ..db import utcnow
from ..models import InboundMail

_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}
DEFAULT_RATE = 20
DEFAULT_RATE_WINDOW = 3600


def claim(dbsession, message_id: str, sender: str) -> InboundMail | None:
    """The new ledger row of ``message_id``, or ``None`` when it was received before."""
    insert = _INSERTS[dbsession.get_bind().dialect.name]
    result = dbsession.execute(
        insert(InboundMail).values(message_id=message_id, sender=sender[:320], outcome="", received_at=utcnow())
        .on_conflict_do_nothing(index_elements=["message_id"]).returning(InboundMail.id))
    row_id = result.scalar()
    return dbsession.get(InboundMail, row_id) if row_id is not None else None


def recent_count(dbsession, sender: str, seconds: float, outcome: str | None = None) -> int:
    """The sender's ledger rows of the last ``seconds`` (with ``outcome``, if given), under the sender's lock."""
    locked_counters(dbsession, [f"mail-in:{sender}"])
    since = utcnow() - dt.timedelta(seconds=seconds)
    stmt = sa.select(sa.func.count()).select_from(InboundMail).where(
        InboundMail.sender == sender, InboundMail.received_at >= since)
    if outcome is not None:
        stmt = stmt.where(InboundMail.outcome == outcome)
    return dbsession.scalar(stmt) or 0


def over_rate(dbsession, sender: str, settings) -> bool:
    """Whether ``sender`` sent more than ``mail.inbound.rate`` messages in ``mail.inbound.rate_window`` s."""
    limit = int(settings.get("mail.inbound.rate") or DEFAULT_RATE)
    window = float(settings.get("mail.inbound.rate_window") or DEFAULT_RATE_WINDOW)
    return recent_count(dbsession, sender, window) > limit


def purge_before(dbsession, before: dt.datetime) -> int:
    """Forget messages received before ``before`` (a copy arriving after that is taken as new)."""
    return dbsession.execute(sa.delete(InboundMail).where(InboundMail.received_at < before)).rowcount or 0
