"""One-time submission tokens: a replayed or double-clicked post is not applied twice.

Each rendered form carries a signed random token.  The first post to
apply claims it (a row in ``FormSubmission``); any later post with the same
token is redirected to where the first one led.
"""
from __future__ import annotations

import secrets

import sqlalchemy as sa
from pyramid.httpexceptions import HTTPSeeOther

from ..db import utcnow
from ..i18n import _
from ..models import FormSubmission
from .signing import sign


def new_token(request) -> str:
    """A fresh signed submission token for a rendered form."""
    return sign(request, "submission", secrets.token_hex(16))


def record_result(request, token: str, url: str) -> None:
    """Remember where the applied post of ``token`` led, for its replays."""
    request.dbsession.execute(sa.update(FormSubmission).where(FormSubmission.token == token).values(result_url=url))


def _person_id(request):
    person = request.person
    return person.id if person is not None else None


def previous_result(request, token: str):
    """The redirect of an already applied post with this token, if any."""
    row = request.dbsession.get(FormSubmission, token)
    if row is None:
        return None
    return _replay(request, row)


def _replay(request, row: FormSubmission):
    """Redirect a repeated post to where the first one led, applying nothing.

    A token of somebody else's, or one whose first post is still being
    applied, leads home: nothing is applied and nothing is revealed.
    """
    from ..layout import flash

    flash(request, _("form-already-sent", default="This form had already been sent."), "info")
    mine = row.person_id == _person_id(request) and row.result_url
    return HTTPSeeOther(location=row.result_url if mine else request.route_path("home"))


def claim(request, token: str):
    """Insert the token; if another post got there first, replay its result.

    The insert runs in a savepoint: when a concurrent post holds the same
    token, the database makes this insert wait and then fail, and the
    savepoint lets the rest of the transaction go on to read the winner.
    """
    dbsession = request.dbsession
    try:
        with dbsession.begin_nested():
            dbsession.add(FormSubmission(token=token, person_id=_person_id(request), created_at=utcnow()))
    except sa.exc.IntegrityError:
        row = dbsession.get(FormSubmission, token, populate_existing=True)
        if row is None:  # pragma: no cover - the winner rolled back
            raise
        return _replay(request, row)
    return None

