"""The answers the requests plugin mails back: what was not posted, and why."""
from __future__ import annotations

from cc_core import api

from ..forms import MAX_MESSAGE_LENGTH
from ..i18n import _

TEMPLATE = "cc_requests:templates/mail/mail_answer"


def not_posted(request, mail, reason) -> None:
    """Tell the sender their mail went into no request, and why."""
    api.answer_mail(request, mail, _("mail-not-posted-subject", default="Your mail was not added to a request"),
                    TEMPLATE, {"posted": False, "number": "", "reasons": [request.localizer.translate(reason)],
                               "link": request.route_url("requests.list")})


def files_refused(request, mail, req, refusals: list[str]) -> None:
    """Tell the sender which files of their posted mail were left out."""
    api.answer_mail(request, mail, _("mail-files-refused-subject", default="[#${number}] Files not attached",
                                     mapping={"number": req.id}),
                    TEMPLATE, {"posted": True, "number": req.id, "reasons": refusals,
                               "link": request.route_url("requests.view", id=req.id)})


def text_problem(body: str, uploads):
    """Why a mail's text cannot be posted (too long, or nothing at all), else ``None``."""
    if len(body) > MAX_MESSAGE_LENGTH:
        return _("mail-too-long", default="The text is longer than ${max} characters.",
                 mapping={"max": MAX_MESSAGE_LENGTH})
    if not body and not uploads:
        return _("mail-empty", default="The mail holds no text and no file we could attach.")
    return None
