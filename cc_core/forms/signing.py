"""Signing what travels in a form: its hidden state and its submission token.

Nothing is kept on the server between a form's ``GET`` and its ``POST``:
what the round trip needs is signed with the portal's secret, per purpose,
and refused when altered or too old.
"""
from __future__ import annotations

from itsdangerous import BadData, URLSafeTimedSerializer

#: How long a rendered form may wait before its post is refused, in seconds.
MAX_STATE_AGE = 24 * 3600


class BadState(Exception):
    """The signed hidden state was tampered with, or is too old."""



def _serializer(request, salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(request.registry.settings["cc.secret"], salt=salt)


def sign(request, purpose: str, data) -> str:
    """Sign ``data`` (JSON-serialisable) for ``purpose``; see :func:`unsign`."""
    return _serializer(request, f"cc.{purpose}").dumps(data)


def unsign(request, purpose: str, token: str, max_age: int = MAX_STATE_AGE):
    """Return the data signed by :func:`sign`, or raise :class:`BadState`."""
    try:
        return _serializer(request, f"cc.{purpose}").loads(token or "", max_age=max_age)
    except BadData as exc:
        raise BadState(str(exc)) from exc

