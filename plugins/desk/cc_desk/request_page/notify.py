"""Mail an answer to the people who follow the request.

The owner and their colleagues with company access (who see the request
on their own pages) each get their own mail: in their own language, with
a link straight to the request, and with a ``Reply-To`` whose signed
token names the request and that recipient (:mod:`cc_desk.replyto`),
ready for answers by mail.  Whoever turned these mails off in their
preferences (the requests plugin's ``wants_reply_mail``) gets none.
Internal notes never come here.
"""
from __future__ import annotations

import sqlalchemy as sa

from cc_core import api
from cc_requests import public as rq

from .. import replyto
from ..i18n import _


def followers(dbsession, req) -> list[api.Person]:
    """The owner, then the active colleagues who may see the request (one query)."""
    colleagues = []
    if req.company_id is not None:
        colleagues = dbsession.scalars(
            sa.select(api.Person).where(api.Person.company_id == req.company_id,
                                        api.Person.company_access.is_(True), api.Person.is_active.is_(True),
                                        api.Person.id != req.owner_id)
            .order_by(api.Person.name, api.Person.id)).all()
    return [req.owner, *(person for person in colleagues if rq.may_see(person, req))]


def recipients(dbsession, req, author) -> list[api.Person]:
    """Followers who want the mail, never the author."""
    return [person for person in followers(dbsession, req)
            if person.is_active and person.id != author.id and rq.wants_reply_mail(person)]


def mail_answer(request, req, message, author) -> list[str]:
    """Send the answer when the transaction commits; returns the addresses it goes to."""
    settings = request.registry.settings
    link = rq.customer_url(request, req)
    attachments = [attachment.filename for attachment in rq.attachments_of(message)]
    sent = []
    for person in recipients(request.dbsession, req, author):
        language = person.language or None
        api.send_mail(
            request, person.email,
            _("reply-subject", default="[#${number}] New answer: ${title}",
              mapping={"number": req.id, "title": req.title}),
            template="cc_desk:templates/mail/reply",
            values={"name": person.name, "author": author.name, "number": req.id, "title": req.title,
                    "own": person.id == req.owner_id, "owner": req.owner.name,
                    "body": message.body, "paragraphs": [p for p in message.body.split("\n\n") if p.strip()],
                    "link": link, "attachments": attachments, "lang": language or request.locale_name},
            language=language,
            reply_to=replyto.reply_address(settings, req.id, person.id))
        sent.append(person.email)
    return sent
