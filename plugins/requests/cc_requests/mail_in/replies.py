"""A mail to a request's signed reply address: a customer's answer, as if typed on the web.

Only the request's owner, or a colleague who may see the company's
requests, may write into it; the From address must be theirs.  Anyone
else gets a polite refusal and nothing is posted.  A closed request is
reopened under the web's rule (``cc.requests.reopen_on_reply``).
"""
from __future__ import annotations

from .. import access, service
from ..i18n import _
from ..models import Request
from . import answers, files


def reply(request, mail, sender, request_id: int, person_id: int) -> str | None:
    """Post ``mail`` into request ``request_id``; the outcome, or ``None`` when the request is gone."""
    req = request.dbsession.get(Request, request_id)
    if req is None:
        return None  # deleted since: the mail is handled as new mail to support
    if sender is None or not access.may_see(sender, req):
        answers.not_posted(request, mail, _(
            "mail-not-allowed", default="Only the people who follow request #${number} can answer it by mail, "
            "from the address they have in the portal.", mapping={"number": req.id}))
        return f"refused: {mail.sender} may not write to #{req.id}"
    content, refused = files.accepted_content(request, mail)
    if content is None:
        return refused
    body, uploads, refusals = content
    try:
        service.customer_reply(request, req, sender, body or "-", uploads)
    except service.ReopenRefused:
        answers.not_posted(request, mail, _(
            "mail-closed", default="Request #${number} is closed. Please file a new request.",
            mapping={"number": req.id}))
        return f"refused: #{req.id} is closed"
    if refusals:
        answers.files_refused(request, mail, req, refusals)
    return f"posted to #{req.id}"

