"""The FAQ's part in the support desk (both hooks are the desk's; optional).

* The desk's menu gets a link to FAQ management.
* "Publish to FAQ" on a request becomes an internal (staff-only) draft
  article in the "Drafts from the desk" folder, made internal too, so
  nothing reaches customers before somebody edits and publishes it.
"""
from __future__ import annotations

import sqlalchemy as sa

from cc_core import api

from . import access, service
from .models import Folder

DRAFTS_SLUG = "drafts-from-the-desk"
DRAFTS_NAME = "Drafts from the desk"


@api.hookimpl(optionalhook=True)
def cc_desk_navigation(request):
    from .i18n import _

    return [api.NavItem(label=_("FAQ"), route="faq.manage", order=40, match_prefix="/faq/manage", name="faq")]


def drafts_folder(dbsession) -> Folder:
    folder = dbsession.scalar(sa.select(Folder).where(Folder.parent_id.is_(None), Folder.slug == DRAFTS_SLUG))
    if folder is None:
        folder = service.create_folder(dbsession, DRAFTS_NAME, visibility=access.INTERNAL, slug=DRAFTS_SLUG,
                                       description="Articles made from requests, waiting to be edited.")
    return folder


@api.hookimpl(optionalhook=True)
def cc_desk_publish_to_faq(request, title, body, source_request_id):
    dbsession = request.dbsession
    question = " ".join((title or "").split())[:service.MAX_QUESTION]
    article = service.create_article(dbsession, drafts_folder(dbsession), question, body,
                                     visibility=access.INTERNAL)
    return request.route_path("faq.manage.article", id=article.id)
