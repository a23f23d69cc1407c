"""Mail the requests plugin sends to customers about their own requests.

Sent by the service functions, not by the pages, so a request filed any
way (the form today; mail or an API tomorrow) gets the same confirmation.
"""
from __future__ import annotations

from cc_core import api

from .i18n import _


def confirm_submitted(request, req, body: str) -> None:
    """Tell the owner their request arrived, with its number and a link to it."""
    owner = req.owner
    api.send_mail(request, owner.email,
                  _("submitted-subject", default="[#${number}] We have received your request: ${title}",
                    mapping={"number": req.id, "title": req.title}),
                  template="cc_requests:templates/mail/submitted",
                  values={"name": owner.name, "number": req.id, "title": req.title,
                          "link": request.route_url("requests.view", id=req.id), "body": body},
                  language=owner.language or None)
