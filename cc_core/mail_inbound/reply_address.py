"""Signed reply addresses: which request (or other thread) and person a mailed answer is about.

A mail that invites an answer carries ``Reply-To: support+<token>@domain``,
built on the support address (``mail.inbound.address``, else
``cc.desk.reply_address``, else the address of ``mail.default_sender``).
The token names the thread and the recipient and is signed with the
portal's secret, so when the answer comes back it can be filed under the
right thread without trusting anything else in the mail; an altered or
forged token reads as no token at all.  The token lives in the local part
of an address, which is at most 64 characters and may be lower-cased by
mail servers on the way: it is short, lower-case and case-insensitive.
"""
from __future__ import annotations

import email.utils
import hashlib
import hmac
import re

SIGNATURE_CHARS = 20  # 80 bits of HMAC-SHA256, in hex
_TOKEN = re.compile(r"^(\d{1,12})-(\d{1,12})-([0-9a-f]{%d})$" % SIGNATURE_CHARS)
#: Kept as the addresses already mailed were signed with it.
_PURPOSE = "cc_desk.reply-to"


def _signature(secret: str, thread_id: int, person_id: int) -> str:
    message = f"{_PURPOSE}:{thread_id}:{person_id}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()[:SIGNATURE_CHARS]


def make_token(secret: str, thread_id: int, person_id: int) -> str:
    return f"{thread_id}-{person_id}-{_signature(secret, thread_id, person_id)}"


def read_token(secret: str, token: str) -> tuple[int, int] | None:
    """``(thread_id, person_id)`` of a genuine token, else ``None``."""
    match = _TOKEN.match((token or "").strip().lower())
    if match is None:
        return None
    thread_id, person_id = int(match.group(1)), int(match.group(2))
    if not hmac.compare_digest(match.group(3), _signature(secret, thread_id, person_id)):
        return None
    return thread_id, person_id


def base_address(settings) -> str:
    """The mailbox that receives answers."""
    for name in ("mail.inbound.address", "cc.desk.reply_address"):
        configured = email.utils.parseaddr((settings.get(name) or "").strip())[1]
        if configured:
            return configured
    return email.utils.parseaddr(settings.get("mail.default_sender") or "")[1]


def reply_address(settings, thread_id: int, person_id: int) -> str | None:
    """The reply-to address for a mail about ``thread_id`` sent to ``person_id``; ``None`` with no base address."""
    base = base_address(settings)
    if "@" not in base:
        return None
    local, domain = base.rsplit("@", 1)
    return f"{local}+{make_token(settings['cc.secret'], thread_id, person_id)}@{domain}"


def _support_tag(settings, address: str) -> str | None:
    """The ``+tag`` of ``address`` at the support address ("" for the address itself), else ``None``."""
    base = base_address(settings).lower()
    address = (address or "").strip().strip("<>").lower()
    if "@" not in base or "@" not in address:
        return None
    local, domain = base.rsplit("@", 1)
    got_local, got_domain = address.rsplit("@", 1)
    if got_domain != domain:
        return None
    if got_local == local:
        return ""
    return got_local[len(local) + 1:] if got_local.startswith(local + "+") else None


def parse_reply_address(settings, address: str) -> tuple[int, int] | None:
    """``(thread_id, person_id)`` from an address made by :func:`reply_address`, else ``None``."""
    tag = _support_tag(settings, address)
    return read_token(settings["cc.secret"], tag) if tag else None


def is_support_address(settings, address: str) -> bool:
    """Whether ``address`` is the support address, or it with any ``+tag`` (new mail, not a genuine answer).

    A reply address whose token is forged or altered is such a ``+tag``:
    its mail counts as new mail from its sender.
    """
    return _support_tag(settings, address) is not None
