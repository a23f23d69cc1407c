"""Keeping secrets out of log lines, whatever a developer passes to the logger.

Passwords, tokens, ``Authorization`` headers, session cookies and CSRF
tokens are replaced by :data:`REDACTED` in three places: values under a
sensitive key in a line's extra fields or ``%``-arguments (dicts and lists
searched through), and ``key=value``/``key: value`` or ``Bearer ...`` in
the message text itself (a form body or a headers dict formatted into it).
"""
from __future__ import annotations

import functools
import re

REDACTED = "[redacted]"

#: A key is sensitive when its lower-cased name contains one of these.
SENSITIVE_PARTS = ("password", "passwd", "passphrase", "secret", "token", "authorization", "cookie",
                   "csrf", "session", "api_key", "apikey", "api-key", "credential", "private_key")

_KEYS = "|".join(re.escape(part) for part in SENSITIVE_PARTS)
# The whole rest of a Cookie/Set-Cookie/Authorization line: several values, none of them loggable.
_HEADER_LINE = re.compile(r"(?i)((?:set-)?cookie|authorization)(['\"]?\s*[:=]\s*)(?!\[redacted\])[^\r\n]+")
# key=value, key: value, 'key': 'value', "key": "value" (the key may be longer: cc_session, new_password).
_PAIR = re.compile(r"(?i)([\w.-]*(?:" + _KEYS + r")[\w.-]*)(['\"]?\s*[:=]\s*['\"]?)(?!\[redacted\])([^\s&'\",;}\]]+)")
_SCHEME = re.compile(r"(?i)\b(bearer|basic|token)\s+(?!\[redacted\])[A-Za-z0-9._~+/=-]{6,}")
# Most lines name no secret at all: one search rules the three substitutions out.
_ANY = re.compile(r"(?i)" + _KEYS + r"|bearer|basic")


@functools.lru_cache(maxsize=1024)
def _sensitive_key(key: str) -> bool:
    return _ANY.search(key) is not None and any(part in key.lower() for part in SENSITIVE_PARTS)


def is_sensitive(key) -> bool:
    return isinstance(key, str) and _sensitive_key(key)


def redact_text(text: str) -> str:
    """``text`` with credentials after sensitive keys and auth schemes replaced."""
    if not text or _ANY.search(text) is None:
        return text
    text = _HEADER_LINE.sub(lambda m: m.group(1) + m.group(2) + REDACTED, text)
    text = _SCHEME.sub(lambda m: m.group(1) + " " + REDACTED, text)
    return _PAIR.sub(lambda m: m.group(1) + m.group(2) + REDACTED, text)


def redact_value(value, depth: int = 0):
    """``value`` with whatever sits under a sensitive key replaced, through nested dicts and lists."""
    if depth > 8:
        return value
    if isinstance(value, dict) or callable(getattr(value, "items", None)):
        try:
            return {key: REDACTED if is_sensitive(key) else redact_value(item, depth + 1)
                    for key, item in value.items()}
        except Exception:   # a mapping that cannot be read is logged as its text, redacted
            return redact_text(str(value))
    if isinstance(value, (list, tuple)):
        items = [redact_value(item, depth + 1) for item in value]
        return items if isinstance(value, list) else tuple(items)
    if isinstance(value, str):
        return redact_text(value)
    return value
