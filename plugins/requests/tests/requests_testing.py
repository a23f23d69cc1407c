"""Helpers the requests plugin's tests share (not a conftest: imported by name)."""
from __future__ import annotations

import sqlalchemy as sa

from cc_core.testing import person_by_email
from cc_requests.models import Message, Request

PLUGINS = ("requests",)


def request_of(dbsession, email: str, title_part: str = "") -> Request:
    """One demo request owned by ``email`` (whose title contains ``title_part``)."""
    owner = person_by_email(dbsession, email)
    stmt = sa.select(Request).where(Request.owner_id == owner.id, Request.title.contains(title_part))
    return dbsession.scalars(stmt.order_by(Request.id)).first()


def internal_note(dbsession, req) -> Message:
    return dbsession.scalars(sa.select(Message).where(Message.request_id == req.id,
                                                      Message.is_external.is_(False))).first()


def new_request_form(testapp, **values):
    """The new-request form filled with ``values`` (the title and message given defaults)."""
    form = testapp.get("/requests/new").forms["new-request"]
    category = values.pop("category_text", "General question")
    if category:
        form["category"].select(text=category)
    values = {"title": "Printer on fire", "message": "It smokes.", **values}
    for name, value in values.items():
        form[name] = value
    return form
