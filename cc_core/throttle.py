"""Windowed event counters whose state lives in the database, and the client's address.

:class:`Throttle` counts events as rows keyed per target and per client,
so every worker of a deployment sees the same count; a limit ends by
itself when the window slides past the events.  The mail-flood throttle
(:mod:`cc_core.views.account.common`) is one.  Failed logins have a model
of their own (:mod:`cc_core.login_throttle`).

Checking a count and then adding an event would let requests that arrive
together on several workers all pass the check.  So :meth:`Throttle.is_locked`
first takes the keys' rows of :mod:`cc_core.counters` locked for the rest of
the request's transaction: a second request for the same target or client
waits there until the first has committed its event, then counts it.
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from .counters import locked_counters
from .db import utcnow
from .models import LoginFailure


class Throttle:
    """At most ``per_account`` events per target and ``per_address`` per client within ``window_seconds``.

    A subclass names its two kinds of key in :meth:`keys`.
    """

    def __init__(self, window_seconds: int, per_account: int, per_address: int):
        self.window = dt.timedelta(seconds=window_seconds)
        self.per_account = per_account
        self.per_address = per_address

    @staticmethod
    def keys(email: str, address: str | None) -> tuple[str, str]:
        return f"target:{email.strip().lower()}", f"client:{address or '-'}"

    def is_locked(self, dbsession, email: str, address: str | None) -> bool:
        """Whether the limit is reached; the keys stay locked until the transaction ends (see above)."""
        account_key, address_key = self.keys(email, address)
        locked_counters(dbsession, (account_key, address_key))
        since = utcnow() - self.window
        rows = dbsession.execute(
            sa.select(LoginFailure.key, sa.func.count())
            .where(LoginFailure.key.in_([account_key, address_key]), LoginFailure.created_at > since)
            .group_by(LoginFailure.key)
        ).all()
        counts = dict(rows)
        return counts.get(account_key, 0) >= self.per_account or counts.get(address_key, 0) >= self.per_address

    def record_failure(self, dbsession, email: str, address: str | None) -> None:
        for key in self.keys(email, address):
            dbsession.add(LoginFailure(key=key))
        # Old rows are useless; trimming here keeps the table small without a
        # cron job.  Other throttles share the table with windows of their
        # own, so only rows of this throttle's kinds of key (the part before
        # ":") are trimmed.
        kinds = {key.split(":", 1)[0] for key in self.keys("", None)}
        dbsession.execute(sa.delete(LoginFailure).where(
            LoginFailure.created_at < utcnow() - 4 * self.window,
            sa.or_(*(LoginFailure.key.startswith(f"{kind}:", autoescape=True) for kind in sorted(kinds)))))

    def clear_account(self, dbsession, email: str) -> None:
        account_key, _ = self.keys(email, None)
        dbsession.execute(sa.delete(LoginFailure).where(LoginFailure.key == account_key))


def client_address(request) -> str | None:
    """The client's address, trusting ``X-Forwarded-For`` only from our proxies.

    WebOb's ``client_addr`` believes any ``X-Forwarded-For`` header, which
    would let an attacker pick a fresh address for every guess.  With
    ``cc.proxy.trusted_hops = N`` (N reverse proxies in front of the
    portal) the Nth address from the right is the client's; with the
    default 0 the socket's peer is.
    """
    hops = int(request.registry.settings.get("cc.proxy.trusted_hops", 0))
    if hops > 0:
        forwarded = [part.strip() for part in request.headers.get("X-Forwarded-For", "").split(",") if part.strip()]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.remote_addr


def includeme(config):
    config.add_request_method(client_address, "client_address", reify=True)
