"""One-time submission tokens: a replayed or double-clicked post is not applied twice.

Each rendered form carries a signed random token.  A post first looks
the token up (:func:`previous_result`): a post already applied is
redirected to where it led, applying nothing.  Otherwise the form is
applied and the token is recorded with its result in one ``INSERT`` in
the same transaction (:func:`record`): either both are kept or neither.

Two posts of one token at the same moment can both find nothing and
both apply.  The token's primary key lets only one of them commit: the
other's ``INSERT`` fails (on PostgreSQL it waits for the winner's commit
first), and :class:`SubmissionRaced` rolls its whole transaction back
and has ``pyramid_retry`` run the post again, which then finds the
winner's result and redirects to it like any double submit.  With no
attempt left, the error page's view of it
(``cc_core.views.errors``) sends the person home with the same notice.  On SQLite a post holds the write lock from its
first statement, so its look-up already sees any earlier winner and the
race cannot happen there.
"""
from __future__ import annotations

import secrets

import sqlalchemy as sa
from pyramid.httpexceptions import HTTPSeeOther
from pyramid_retry import mark_error_retryable

from ..db import utcnow
from ..i18n import _
from ..models import FormSubmission
from ..tm_session import mark_changed
from .signing import sign

ALREADY_SENT = _("form-already-sent", default="This form had already been sent.")


class SubmissionRaced(Exception):
    """Another post of the same token committed first: this one is undone and run again."""


mark_error_retryable(SubmissionRaced)


def new_token(request) -> str:
    """A fresh signed submission token for a rendered form."""
    return sign(request, "submission", secrets.token_hex(16))


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

    A token of somebody else's, or one without a result (recorded before
    results and tokens were one row), leads home: nothing is applied and
    nothing is revealed.
    """
    from ..layout import flash

    flash(request, ALREADY_SENT, "info")
    mine = row.person_id == _person_id(request) and row.result_url
    return HTTPSeeOther(location=row.result_url if mine else request.route_path("home"))


def record(request, token: str, url: str) -> None:
    """Keep ``token`` as used, with ``url`` for its replays: one ``INSERT``, after the form's own writes.

    Raises :class:`SubmissionRaced` when another post of the token holds
    it already.  The form's pending changes are flushed first, so an
    integrity error of theirs is never taken for a race.
    """
    dbsession = request.dbsession
    dbsession.flush()
    try:
        dbsession.execute(_RECORD, {"token": token, "person_id": _person_id(request), "result_url": url,
                                    "created_at": utcnow()})
    except sa.exc.IntegrityError as exc:
        raise SubmissionRaced(token) from exc
    mark_changed(dbsession)


#: Built once: a statement made for every post costs more than running it.
_RECORD = sa.insert(FormSubmission.__table__)
