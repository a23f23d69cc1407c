"""Login throttling whose state lives in the database.

Failures are rows keyed by account and by client address, so every worker
of a deployment sees the same count.  A lock-out ends by itself when the
window slides past the failures.
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from .db import utcnow
from .models import LoginFailure


class Throttle:
    def __init__(self, settings: dict):
        self.window = dt.timedelta(seconds=int(settings.get("cc.login.window_seconds", 900)))
        self.per_account = int(settings.get("cc.login.max_failures_per_account", 5))
        self.per_address = int(settings.get("cc.login.max_failures_per_address", 30))

    @staticmethod
    def keys(email: str, address: str | None) -> tuple[str, str]:
        return f"account:{email.strip().lower()}", f"address:{address or '-'}"

    def is_locked(self, dbsession, email: str, address: str | None) -> bool:
        account_key, address_key = self.keys(email, address)
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
    config.registry["cc.throttle"] = Throttle(config.get_settings())
    config.add_request_method(client_address, "client_address", reify=True)
