"""Who may see which request.

A customer sees the requests they own; a person with company access also
sees every request of their company.  Everything else answers 404, the
same as a request that does not exist (ARCHITECTURE §3): the pages never
tell an outsider that an id is taken.  Staff work in the desk plugin,
not here; on these pages they are customers like any other.
"""
from __future__ import annotations

import sqlalchemy as sa
from pyramid.httpexceptions import HTTPNotFound

from cc_core import api

from .models import Request

MINE = "mine"
COMPANY = "company"
SCOPES = (MINE, COMPANY)


def has_company_access(person) -> bool:
    return person is not None and person.company_id is not None and bool(person.company_access)


def effective_scope(person, scope: str | None) -> str:
    """``company`` only for persons allowed it; everyone else gets their own list."""
    return COMPANY if scope == COMPANY and has_company_access(person) else MINE


def visible_condition(person, scope: str = MINE):
    """The SQL condition selecting the requests ``person`` sees in ``scope``."""
    if effective_scope(person, scope) == COMPANY:
        return Request.company_id == person.company_id
    return Request.owner_id == person.id


def may_see(person, req) -> bool:
    """Whether ``person`` may see ``req`` (its page, messages and attachments)."""
    if person is None or req is None:
        return False
    if req.owner_id == person.id:
        return True
    return has_company_access(person) and req.company_id == person.company_id


def visible_request(request, request_id, *options) -> Request | None:
    """The request with ``request_id`` if the logged-in person may see it."""
    person = request.person
    if person is None or request_id is None:
        return None
    stmt = sa.select(Request).where(Request.id == request_id)
    if options:
        stmt = stmt.options(*options)
    req = request.dbsession.scalar(stmt)
    return req if may_see(person, req) else None


def request_or_404(request, *options) -> Request:
    """The request named by the URL's ``id``, or 404 for anything not the viewer's."""
    req = visible_request(request, api.parse_id(request.matchdict.get("id")), *options)
    if req is None:
        raise HTTPNotFound()
    return req
