"""A mail to the support address from a known customer: a new request, confirmed by the usual mail.

The subject is the title, the category is ``cc.requests.mail_category``
(a category's name or id; none when unset), the priority the default one
customers get, the new text is the first message.  Mail from an address no account has is left to the core's
``mail.inbound.unknown_senders`` policy.
"""
from __future__ import annotations

import re

import sqlalchemy as sa

from .. import service
from ..forms import MAX_TITLE
from ..i18n import _
from ..models import Category
from ..vocabulary import default_priority
from . import answers, files

_PREFIX = re.compile(r"^\s*((re|fw|fwd|sv|vs|aw|wg)\s*:\s*)+", re.IGNORECASE)


def mail_category(request):
    """The category of requests opened by mail (``cc.requests.mail_category``), if it names an active one."""
    wanted = str(request.registry.settings.get("cc.requests.mail_category") or "").strip()
    if not wanted:
        return None
    condition = Category.id == int(wanted) if wanted.isdigit() else Category.name == wanted
    return request.dbsession.scalar(sa.select(Category).where(condition, Category.active.is_(True)))


def open_request(request, mail, sender) -> str | None:
    if sender is None:
        return None
    title = _PREFIX.sub("", mail.subject).strip()[:MAX_TITLE] or request.localizer.translate(
        _("mail-no-subject", default="(no subject)"))
    content, refused = files.accepted_content(request, mail)
    if content is None:
        return refused
    body, uploads, refusals = content
    req = service.create_request(request, sender, title, body or "-", category=mail_category(request),
                                 priority=default_priority(request.dbsession), uploads=uploads)
    if refusals:
        answers.files_refused(request, mail, req, refusals)
    return f"opened #{req.id}"
