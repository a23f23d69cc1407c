"""Mail written by machines: never answered and never posted, so no two robots talk forever.

RFC 3834 asks automatic responders to send ``Auto-Submitted``; many older
ones send ``Precedence: bulk`` or ``X-Autoreply`` instead, and some only
say so in the subject.  Bounces come with an empty ``Return-Path`` or as a
``multipart/report``.  :func:`automatic_reason` names the first sign found.
"""
from __future__ import annotations

import re

_OUT_OF_OFFICE = re.compile(
    r"^\s*(auto(matic)?[ -]?(reply|response|answer)|out of (the )?office|autosvar|automatisk svar|"
    r"fraværende|fravær:|abwesenheitsnotiz|automatische antwort|réponse automatique|absence|"
    r"fuera de la oficina|respuesta automática|afwezig|frånvaro|delivery status notification|"
    r"undeliverable|undelivered mail|mail delivery (failed|failure))", re.IGNORECASE)
_AUTO_HEADERS = ("X-Autoreply", "X-Autorespond", "X-Autoresponder", "X-Auto-Response")
_BULK = {"bulk", "junk", "list", "auto_reply"}
_DAEMONS = re.compile(r"^(mailer-daemon|postmaster|noreply|no-reply|do-not-reply|donotreply)@", re.IGNORECASE)


def automatic_reason(msg) -> str:
    """Why ``msg`` was sent by a machine, or ``""`` when a person wrote it."""
    auto = str(msg.get("Auto-Submitted", "") or "").strip().lower()
    if auto and not auto.startswith("no"):
        return f"Auto-Submitted: {auto[:40]}"
    precedence = str(msg.get("Precedence", "") or "").strip().lower()
    if precedence in _BULK:
        return f"Precedence: {precedence}"
    for name in _AUTO_HEADERS:
        if msg.get(name) is not None:
            return f"{name} header"
    if msg.get("List-Id") is not None or msg.get("List-Unsubscribe") is not None:
        return "mailing list"
    return_path = msg.get("Return-Path")
    if return_path is not None and str(return_path).strip() in ("<>", ""):
        return "bounce (empty Return-Path)"
    if msg.get_content_type() == "multipart/report":
        return "bounce (multipart/report)"
    sender = str(msg.get("From", "") or "")
    address = sender[sender.find("<") + 1:].rstrip("> ") if "<" in sender else sender.strip()
    if _DAEMONS.match(address):
        return "sent by a mail system"
    if _OUT_OF_OFFICE.match(str(msg.get("Subject", "") or "")):
        return "out-of-office subject"
    return ""
