"""Free-text search over a request's title and external messages.

Each request has one lower-cased search document (``requests_search``)
holding its title and the text of its external messages, never internal
notes.  A search is a ``LIKE`` on that document for every word typed,
always combined with the list's filter on the owner or the company: the
database walks that index in the page's order and reads one document per
candidate, so the work is bounded by the viewer's own requests, not by
the size of the table, and the same SQL runs on SQLite and PostgreSQL.

Documents are capped at :data:`MAX_DOCUMENT` characters (the title and
the earliest messages are kept), which bounds the cost of one check.
"""
from __future__ import annotations

import sqlalchemy as sa

from cc_core import api

from . import access
from .models import Request, SearchDocument

MAX_DOCUMENT = 50_000
MAX_TERMS = 6
MAX_QUERY = api.MAX_SEARCH_TEXT


def normalise(text: str) -> str:
    """The form both documents and search words are compared in."""
    return " ".join((text or "").casefold().split())


def terms(query: str) -> list[str]:
    """The distinct words of ``query``, at most :data:`MAX_TERMS`."""
    words = []
    for word in normalise((query or "")[:MAX_QUERY]).split(" "):
        if word and word not in words:
            words.append(word)
    return words[:MAX_TERMS]


def _escape_like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def search_condition(query: str):
    """SQL condition: the request's title or external messages contain every word.

    ``None`` when ``query`` has no words.  Combine it with a selective
    filter (an owner, a company, a status): on its own it reads every
    document.
    """
    words = terms(query)
    if not words:
        return None
    likes = [SearchDocument.document.like(f"%{_escape_like(word)}%", escape="\\") for word in words]
    return sa.exists().where(SearchDocument.request_id == Request.id, *likes)


def append(current: str, text: str) -> str:
    """``current`` with ``text`` added, within the cap."""
    addition = normalise(text)
    combined = f"{current}\n{addition}" if current else addition
    return combined[:MAX_DOCUMENT]


def index_new_request(dbsession, req, first_message: str) -> SearchDocument:
    document = SearchDocument(request_id=req.id, document=append(normalise(req.title), first_message))
    dbsession.add(document)
    return document


def index_message(dbsession, req, body: str) -> None:
    """Add an external message's text to the request's document.

    One ``UPDATE`` that appends in the database (the separator only after
    text, the cap kept), instead of reading the document into Python and
    writing it back.  Only when it changes no row (no document yet, or one
    at the cap) is the document looked for, to add a missing one.
    """
    changed = dbsession.execute(_APPEND, {"request": req.id, "addition": normalise(body)}).rowcount
    api.mark_changed(dbsession)
    loaded = dbsession.identity_map.get(dbsession.identity_key(SearchDocument, req.id))
    if loaded is not None:
        dbsession.expire(loaded, ["document"])  # the row changed under it
    if not changed and dbsession.get(SearchDocument, req.id) is None:
        dbsession.add(SearchDocument(request_id=req.id, document=append(normalise(req.title), body)))


def _append_statement() -> sa.Update:
    table = SearchDocument.__table__
    addition = sa.bindparam("addition", type_=sa.Text())
    appended = sa.case((table.c.document == "", addition), else_=table.c.document + "\n" + addition)
    return (sa.update(table)
            .where(table.c.request_id == sa.bindparam("request"), sa.func.length(table.c.document) < MAX_DOCUMENT)
            .values(document=sa.func.substr(appended, 1, MAX_DOCUMENT)))


#: Built once (a statement made for every reply costs more than running it).
_APPEND = _append_statement()


def matching_requests(dbsession, person, query: str, limit: int) -> tuple[list[tuple[int, str]], bool]:
    """``([(id, title)], more)``: the requests ``person`` sees whose text has every word, latest first.

    For the portal-wide search: one query, walking the owner's (or the
    company's) requests in the list's index order.
    """
    condition = search_condition(query)
    if condition is None:
        return [], False
    rows = dbsession.execute(
        sa.select(Request.id, Request.title)
        .where(access.visible_condition(person, access.COMPANY), condition)
        .order_by(Request.updated_at.desc(), Request.id.desc()).limit(limit + 1)).all()
    return [(row.id, row.title) for row in rows[:limit]], len(rows) > limit
