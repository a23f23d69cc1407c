"""Login throttling an attacker cannot turn against the account's owner.

A hard lock per account lets anyone lock a real user out by typing wrong
passwords; a hard lock per address locks a whole office behind one NAT.
So, as OWASP's authentication cheat sheet ("device cookies") and
account-lockout guidance, Django-axes (account and address together) and
the "smart lockout" of the big identity providers do, failures are
counted under three keys, each with the answer that fits it:

``client`` (the account at one address, or the account on one *known device*)
    A hard limit: ``cc.login.max_failures_per_client`` (5) failures, then
    that client waits until a window (``cc.login.window_seconds``, 900)
    has passed since its last failure.  This stops one attacker at one
    address, and locks out nobody else.
``account`` (across all addresses)
    No lock, a *progressive delay*: ``cc.login.free_failures_per_account``
    (5) failures are free, after the n-th the next attempt must wait
    2^(n-5) seconds, at most ``cc.login.max_delay_seconds`` (60), counted
    from the last failure.  A botnet gets one guess a minute; the owner
    typing the right password from a new address waits at most a minute.
``address`` (across all accounts)
    A larger hard limit, ``cc.login.max_failures_per_address`` (100), for
    password spraying from one address.

A *known device* is a browser holding the signed ``cc_device`` cookie that
a successful login of that account set (valid ``cc.login.known_device_days``,
180).  It is counted under its own client key and is exempt from the
account delay and the address limit: however hard an attacker hammers the
account, the owner's own browser logs in at once.

Every attempt is counted *before* the password is checked, under locked
counter rows (:mod:`cc_core.counters`), so parallel guesses on several
workers cannot all slip under the limit; a successful attempt then gives
its count back.  Attempts refused with 429 are not counted and do not move
the account's clock: hammering a delayed account does not lengthen the
owner's wait.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import math
import secrets

import sqlalchemy as sa
from pyramid.httpexceptions import HTTPTooManyRequests
from pyramid.settings import asbool

from .counters import locked_counters
from .db import utcnow
from .forms import BadState, sign, unsign
from .metrics.definitions import LOGIN_LOCKOUTS
from .models import LoginCounter

DEVICE_COOKIE = "cc_device"
_DEVICE_PURPOSE = "known-device"


class LoginThrottled(HTTPTooManyRequests):
    """429 for a throttled login, saying how many seconds to wait (``Retry-After``)."""

    def __init__(self, wait_seconds: int):
        super().__init__()
        self.wait_seconds = wait_seconds


@dataclasses.dataclass(frozen=True)
class Limits:
    """The throttle's numbers, from the ``cc.login.*`` settings."""

    window: dt.timedelta
    per_client: int
    free_per_account: int
    max_delay: int
    per_address: int
    device_days: int

    @classmethod
    def from_settings(cls, settings) -> Limits:
        def number(name, default):
            return int(settings.get(f"cc.login.{name}", default))

        return cls(window=dt.timedelta(seconds=number("window_seconds", 900)),
                   per_client=number("max_failures_per_client", 5),
                   free_per_account=number("free_failures_per_account", 5),
                   max_delay=number("max_delay_seconds", 60),
                   per_address=number("max_failures_per_address", 100),
                   device_days=number("known_device_days", 180))

    def wait(self, kind: str, failures: int) -> dt.timedelta:
        """How long after the last of ``failures`` a key of ``kind`` must wait."""
        if kind == "account":
            beyond = min(failures - self.free_per_account, 40)   # a long attack must not grow a huge number
            return dt.timedelta(seconds=min(2 ** beyond, self.max_delay)) if beyond > 0 else dt.timedelta(0)
        limit = self.per_client if kind == "client" else self.per_address
        return self.window if failures >= limit else dt.timedelta(0)


@dataclasses.dataclass
class Attempt:
    """One admitted attempt: its counter rows and what they held before it was counted."""

    rows: dict
    before: dict


class LoginThrottle:
    """Admits or refuses password attempts; see the module docstring for the model."""

    def __init__(self, settings):
        self.limits = Limits.from_settings(settings)
        self.secure_cookie = asbool(settings.get("cc.session.secure", False))

    # -- keys -------------------------------------------------------------------

    def keys(self, request, email: str) -> dict[str, str]:
        """The counter key of each kind this attempt is counted under."""
        address = request.client_address or "-"
        device = self.known_device(request, email)
        if device is not None:
            return {"client": f"device:{device}"}
        return {"client": f"pair:{email}|{address}", "account": f"account:{email}", "address": f"address:{address}"}

    def known_device(self, request, email: str) -> str | None:
        """The id of this browser's known-device cookie, if it is valid for ``email``."""
        try:
            data = unsign(request, _DEVICE_PURPOSE, request.cookies.get(DEVICE_COOKIE, ""),
                          max_age=self.limits.device_days * 86400)
        except BadState:
            return None
        if not isinstance(data, dict) or data.get("e") != email or not isinstance(data.get("d"), str):
            return None
        return data["d"]

    # -- the attempt ------------------------------------------------------------

    def admit(self, request, email: str) -> Attempt:
        """Count an attempt for ``email`` before its password is checked, or raise :class:`LoginThrottled`.

        The attempt stays counted as a failure unless :meth:`succeeded` is
        called in the same transaction.
        """
        return self.admit_keys(request, self.keys(request, email.strip().lower()))

    def admit_keys(self, request, keys: dict[str, str]) -> Attempt:
        """Count an attempt under ``keys`` (kind to counter key), or raise :class:`LoginThrottled`.

        :meth:`admit` for a password; other sign-in methods count under
        keys of their own (:func:`cc_core.sign_in.admit_external_attempt`).
        """
        rows = locked_counters(request.dbsession, keys.values())
        # The time is read once the rows are ours: a request that got the lock
        # first may have stamped them later than this one arrived.
        now = utcnow()
        retry_after, limit = 0, None
        for kind, key in keys.items():
            row = rows[key]
            wait = self.limits.wait(kind, row.failures)
            if self._stale(row, now) or not wait:
                continue
            seconds = math.ceil((row.last_failure_at + wait - now).total_seconds())
            if seconds > retry_after:
                retry_after, limit = seconds, kind
        if retry_after > 0:
            LOGIN_LOCKOUTS.labels(limit).inc()
            raise LoginThrottled(retry_after)
        before = {key: (row.failures, row.last_failure_at) for key, row in rows.items()}
        for row in rows.values():
            row.failures = (0 if self._stale(row, now) else row.failures) + 1
            row.last_failure_at = now
        request.dbsession.flush()
        return Attempt(rows=rows, before=before)

    def succeeded(self, request, attempt: Attempt) -> None:
        """The password was right: forget this client's failures and give back the attempt's count.

        The account's and address's counters return to what they were
        before the attempt (the rows have stayed locked since), so a
        successful login neither counts against the owner nor wipes out the
        count of an attacker who is still guessing.
        """
        for key, row in attempt.rows.items():
            if key.startswith(("pair:", "device:")):
                row.failures, row.last_failure_at = 0, None
            else:
                row.failures, row.last_failure_at = attempt.before[key]

    def remember_device(self, request, email: str) -> None:
        """Make this browser a known device of ``email`` (a fresh id each login)."""
        value = sign(request, _DEVICE_PURPOSE, {"e": email.strip().lower(), "d": secrets.token_urlsafe(16)})
        max_age = self.limits.device_days * 86400
        secure = self.secure_cookie

        def set_cookie(request, response):
            response.set_cookie(DEVICE_COOKIE, value, max_age=max_age, path="/", httponly=True,
                                secure=secure, samesite="Lax")

        request.add_response_callback(set_cookie)

    def clear_account(self, dbsession, email: str) -> None:
        """Forget an account's failures (its owner has just proved control of the mailbox)."""
        email = email.strip().lower()
        dbsession.execute(sa.delete(LoginCounter).where(sa.or_(
            LoginCounter.key == f"account:{email}",
            LoginCounter.key.startswith(f"pair:{email}|", autoescape=True))))

    def _stale(self, row, now) -> bool:
        return row.last_failure_at is None or now - row.last_failure_at >= self.limits.window


def login_throttle(request) -> LoginThrottle:
    return request.registry["cc.login_throttle"]


def includeme(config):
    config.registry["cc.login_throttle"] = LoginThrottle(config.get_settings())
