"""Handing mail to the portal in a test: piped as ``cc mail ingest`` would, or fetched from ``dovecot``.

Both run in the test's process and transaction (the app's session is the
test's), so what a message posts, the test's ``dbsession`` sees, and it is
rolled back afterwards.
"""
from __future__ import annotations

import contextlib

import sqlalchemy as sa


@contextlib.contextmanager
def changed_settings(app, **settings):
    """``app``'s settings with ``settings`` on top, put back afterwards (apps are shared between tests)."""
    saved = dict(app.registry.settings)
    app.registry.settings.update(settings)
    try:
        yield app.registry.settings
    finally:
        app.registry.settings.clear()
        app.registry.settings.update(saved)


def ingest_mail(app, raw: bytes, recipients=(), **settings):
    """Handle one message as ``cc mail ingest`` would; its outcome (``.text``, ``.failed``)."""
    from ..mail_inbound.ingest import ingest

    with changed_settings(app, **settings):
        return ingest(app.registry, raw, envelope_recipients=recipients)


def fetch_mail(app, dovecot, folder: str, **settings):
    """``cc mail fetch`` from ``folder`` of ``dovecot``; the report (``.handled``, ``.failed``, ``.reasons``)."""
    from ..mail_inbound.imap import fetch

    with changed_settings(app, **{**dovecot.settings(folder), **settings}):
        return fetch(app.registry)


def inbound_outcomes(dbsession, message_id: str | None = None) -> list[tuple[str, str, str]]:
    """``(message_id, sender, outcome)`` of the ledger's rows (of one Message-ID), oldest first."""
    from ..models import InboundMail

    stmt = sa.select(InboundMail.message_id, InboundMail.sender, InboundMail.outcome).order_by(InboundMail.id)
    if message_id is not None:
        stmt = stmt.where(InboundMail.message_id == message_id)
    return [tuple(row) for row in dbsession.execute(stmt)]
