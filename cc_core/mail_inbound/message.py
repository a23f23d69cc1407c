"""A received mail as a safe, plain object: what handlers may trust and nothing else.

Handlers never see the raw MIME tree.  :func:`parse` reads the bytes with
the standard library's ``email`` package, checks them against the limits
(:mod:`.limits`) and gives a :class:`ReceivedMail`: one sender address,
the recipient addresses, a one-line subject, the new text of the message
(quoted history and signature removed, HTML turned into text) and the
attached files.  Anything it cannot read safely raises :class:`Refused`
with a reason for the log and the ``failed`` folder.
"""
from __future__ import annotations

import dataclasses
import email
import email.policy
import email.utils
import hashlib
import io

from ..control_chars import has_control
from . import limits
from .body import body_text, new_text
from .loops import automatic_reason


class Refused(Exception):
    """The message cannot be handled safely; ``str(exc)`` says why."""


@dataclasses.dataclass(frozen=True)
class MailAttachment:
    """A file attached to a mail, not yet checked against any plugin's rules."""

    filename: str
    content_type: str
    data: bytes

    @property
    def file(self):
        """A fresh binary stream of the content (what an upload field reads)."""
        return io.BytesIO(self.data)


@dataclasses.dataclass(frozen=True)
class ReceivedMail:
    message_id: str
    sender: str
    sender_name: str
    recipients: tuple[str, ...]
    subject: str
    text: str
    full_text: str
    attachments: tuple[MailAttachment, ...]
    #: Why the mail was sent by a machine (auto-reply, bounce, list), else ``""``.
    automatic: str
    references: tuple[str, ...] = ()


def parse(raw: bytes, settings: dict, envelope_recipients=()) -> ReceivedMail:
    """The :class:`ReceivedMail` in ``raw``, or :class:`Refused` with the reason."""
    try:
        limits.check_size(raw, settings)
        limits.check_header_block(raw)
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        limits.check_structure(msg)
        sender_name, sender = _sender(msg)
        subject = _one_line(msg, "Subject")
        automatic = automatic_reason(msg)
        full_text = body_text(msg)
        attachments = tuple(_attachments(msg, settings))
        recipients = _recipients(msg, envelope_recipients)
        message_id = _message_id(msg, raw)
        references = tuple(str(msg.get("References", "")).split())[-20:]
    except limits.LimitExceeded as exc:
        raise Refused(str(exc)) from None
    except Refused:
        raise
    except Exception as exc:  # the email package's errors are many and undocumented
        raise Refused(f"unreadable message: {type(exc).__name__}: {exc}"[:300]) from None
    return ReceivedMail(message_id=message_id, sender=sender, sender_name=sender_name, recipients=recipients,
                        subject=subject, text=new_text(full_text, settings), full_text=full_text,
                        attachments=attachments, automatic=automatic, references=references)


def _unsafe(value: str) -> bool:
    """Line breaks, control characters, or bytes that are no text (kept by the parser as surrogates)."""
    return "\r" in value or "\n" in value or has_control(value) or any(
        "\udc80" <= ch <= "\udcff" for ch in value)


def _one_line(msg, name: str) -> str:
    value = str(msg.get(name, "") or "")
    if _unsafe(value):
        raise Refused(f"the {name} header holds line breaks, control characters or bytes that are not text")
    return " ".join(value.split())


def _sender(msg) -> tuple[str, str]:
    values = msg.get_all("From") or []
    if len(values) != 1:
        raise Refused("no From header" if not values else "more than one From header")
    text = str(values[0])
    if _unsafe(text):
        raise Refused("the From header holds line breaks, control characters or bytes that are not text")
    addresses = email.utils.getaddresses([text])
    if len(addresses) != 1 or "@" not in addresses[0][1] or " " in addresses[0][1]:
        raise Refused("the From header does not hold exactly one address")
    name, address = addresses[0]
    raw_values = [value for key, value in msg.raw_items() if key.lower() == "from"]
    raw_address = email.utils.getaddresses([str(value) for value in raw_values])[0][1]
    if raw_address.strip().lower() != address.strip().lower():
        # An encoded word may stand for a name, never for the address itself.
        raise Refused("the From address is disguised as an encoded word")
    if len(address) > 254:
        raise Refused("the From address is too long")
    return " ".join(name.split())[:200], address.strip().lower()


def _recipients(msg, envelope_recipients) -> tuple[str, ...]:
    found = [address.strip().lower() for address in envelope_recipients]
    for name in ("Delivered-To", "X-Original-To", "To", "Cc"):
        values = [str(value) for value in msg.get_all(name) or []]
        found.extend(address.strip().lower() for _, address in email.utils.getaddresses(values)
                     if "@" in address)
    return tuple(dict.fromkeys(address for address in found if not has_control(address)))[:limits.MAX_RECIPIENTS]


def _message_id(msg, raw: bytes) -> str:
    """The Message-ID, or one made from the content (the same bytes piped twice give the same one)."""
    value = " ".join(str(msg.get("Message-ID", "") or "").split())
    if value and len(value) <= 250 and not has_control(value):
        return value
    return "<sha256." + hashlib.sha256(raw).hexdigest() + "@no-message-id>"


def _attachments(msg, settings):
    count = 0
    for part in msg.walk():
        if part.is_multipart() or not _is_attachment(part):
            continue
        count += 1
        if count > limits.MAX_ATTACHMENTS:
            raise Refused(f"more than {limits.MAX_ATTACHMENTS} attachments")
        data = part.get_payload(decode=True) or b""
        broken = [type(defect).__name__ for defect in part.defects if "Base64" in type(defect).__name__]
        if broken:  # found while decoding: the file would not be what was sent
            raise Refused(f"an attachment's base64 is broken: {broken[0]}")
        filename = part.get_filename() or ""
        if has_control(filename):
            raise Refused("an attachment's file name holds control characters")
        limits.check_archive(filename, part.get_content_type(), data, settings)
        yield MailAttachment(filename=filename or "attachment", content_type=part.get_content_type(), data=data)


def _is_attachment(part) -> bool:
    if part.get_content_disposition() == "attachment" or part.get_filename():
        return True
    return part.get_content_maintype() not in ("text", "multipart", "message") \
        and part.get_content_type() != "application/pgp-signature"
