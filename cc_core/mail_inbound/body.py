"""The text of a received mail: the body a person wrote, without what they quoted.

The plain-text part is preferred; a mail with only HTML is turned into
text by ``inscriptis`` (scripts, styles and markup dropped: nothing of the
HTML reaches a page).  The new text is cut from quoted history and the
signature by ``mail-parser-reply``, in the languages of
``mail.inbound.reply_languages``.
"""
from __future__ import annotations

import codecs

from inscriptis import get_text
from mailparser_reply import EmailReplyParser

from ..control_chars import without_controls

DEFAULT_LANGUAGES = ("en", "da", "sv", "de")



def _decoded(part) -> str:
    charset = part.get_content_charset() or "us-ascii"
    try:
        codecs.lookup(charset)
    except LookupError:
        raise ValueError(f"unknown character set {charset[:40]!r}") from None
    data = part.get_payload(decode=True) or b""
    return data.decode(charset, errors="replace")


def body_text(msg) -> str:
    """The whole text the sender wrote (plain text, else HTML as text), lines normalised."""
    plain = html = None
    for part in msg.walk():
        if part.is_multipart() or part.get_content_disposition() == "attachment" or part.get_filename():
            continue
        if part.get_content_type() == "text/plain" and plain is None:
            plain = _decoded(part)
        elif part.get_content_type() == "text/html" and html is None:
            html = _decoded(part)
    text = plain if plain is not None and plain.strip() else (get_text(html) if html else "")
    text = without_controls(text.replace("\r\n", "\n").replace("\r", "\n"))
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


def reply_languages(settings) -> list[str]:
    configured = (settings.get("mail.inbound.reply_languages") or "").split()
    return configured or list(DEFAULT_LANGUAGES)


def new_text(text: str, settings) -> str:
    """``text`` without the quoted history and the signature; all of it if nothing would remain."""
    if not text:
        return ""
    try:
        replies = EmailReplyParser(languages=reply_languages(settings)).read(text=text).replies
    except Exception:  # the parser is heuristics over text: never let it lose a message
        return text
    latest = replies[0].body.strip() if replies else ""
    return latest or text
