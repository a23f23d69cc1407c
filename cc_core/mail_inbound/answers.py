"""Answers to inbound mail: sent through the portal's outgoing mail, marked as automatic.

Every answer carries ``Auto-Submitted: auto-replied`` (RFC 3834), so a
well-behaved responder on the other side does not answer it back, and
``In-Reply-To``/``References`` so the sender's client shows it in the
same conversation.  Answers go only to mail a person wrote: the ingest
never hands automatic mail to a handler.
"""
from __future__ import annotations

from ..i18n import _
from ..mail import send_mail


def answer_headers(mail) -> dict:
    references = " ".join([*mail.references, mail.message_id])[-900:].strip()
    return {"Auto-Submitted": "auto-replied", "In-Reply-To": mail.message_id, "References": references}


def answer(request, mail, subject, template: str, values: dict | None = None, language: str | None = None):
    """Mail ``template`` to the sender of ``mail`` when the message's transaction commits."""
    values = {"sender_name": mail.sender_name or mail.sender, "their_subject": mail.subject, **(values or {})}
    return send_mail(request, mail.sender, subject, template, values=values, language=language,
                     headers=answer_headers(mail))


def unknown_sender(request, mail) -> None:
    """A polite answer pointing to registration, to an address no account has."""
    answer(request, mail, _("inbound-unknown-subject", default="We could not match your mail to an account"),
           "cc_core:templates/mail/inbound_unknown_sender",
           {"register_link": request.route_url("register"), "address": mail.sender})
