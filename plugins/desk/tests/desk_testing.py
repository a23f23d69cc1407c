"""Helpers the desk's tests share (imported by name, like the requests plugin's)."""
from __future__ import annotations

import sqlalchemy as sa

from cc_core.testing import person_by_email
from cc_requests import public as rq

PLUGINS = ("desk", "requests")


def titles(page) -> list[str]:
    """The request titles of a queue page, in their order."""
    return [a.text for a in page.html.select("#desk-queue td.col-title a")]


def demo_request(dbsession, title_part: str) -> rq.Request:
    """The demo request whose title contains ``title_part``."""
    return dbsession.scalars(sa.select(rq.Request).where(rq.Request.title.contains(title_part))).one()


def new_request(testapp, title: str, message: str = "It does not work.", files=()):
    """Post a request through the customer's form, as the logged-in customer; returns its id."""
    form = testapp.get("/requests/new").forms["new-request"]
    form["category"].select(text="General question")
    form["title"] = title
    form["message"] = message
    if files:
        form["attachment"] = list(files)
    page = form.submit(status=303).follow()
    return int(page.request.path.rsplit("/", 1)[-1])


def answer(agent, request_id: int, text: str, kind: str = "reply", files=(), status=303):
    """Send the request page's message form as an answer or an internal note."""
    form = agent.get(f"/desk/requests/{request_id}").forms["desk-message"]
    form["kind"] = kind
    form["message"] = text
    if files:
        form["attachment"] = list(files)
    return form.submit(status=status)


def staff_id(dbsession, email: str = "agent@example.com") -> int:
    return person_by_email(dbsession, email).id
