"""The desk's API functions: the page's queries, forms and services, answered as JSON.

Every function starts with :func:`staff_request_or_404` (or the form
factory does, before the body is read): for anyone but active staff the
desk does not exist, whatever they send.
"""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from cc_core import api
from cc_requests import public as rq

from .. import tickets
from ..access import is_staff
from ..i18n import _
from ..models import HistoryEntry
from ..queue import queries
from ..request_page.forms import ChangeForm, MessageForm, post_message

DIGITS = ("category", "priority", "company", "owner")


def staff_only(request) -> None:
    if not is_staff(request):
        raise api.ApiProblem(404)


def staff_request_or_404(request):
    staff_only(request)
    req = tickets.get_request(request.dbsession, api.matched_id(request))
    if req is None:
        raise api.ApiProblem(404)
    return req


def _named(thing) -> dict | None:
    return {"id": thing.id, "name": thing.name} if thing is not None else None


class Labels:
    """Category and priority names in the caller's language (two queries for a whole page)."""

    def __init__(self, request):
        dbsession, language = request.dbsession, request.locale_name
        self.categories = dict(rq.categories(dbsession, language))
        self.priorities = dict(rq.priorities(dbsession, language))

    def summary(self, req, ticket) -> dict:
        def choice(key, names):
            return {"id": key, "name": names.get(key, str(key))} if key is not None else None

        return {"id": req.id, "title": req.title, "status": req.status,
                "category": choice(req.category_id, self.categories),
                "priority": choice(req.priority_id, self.priorities),
                "owner": _named(req.owner), "company": _named(req.company),
                "assignee": _named(ticket.assignee) if ticket is not None else None,
                "created_at": req.created_at.isoformat(), "updated_at": req.updated_at.isoformat()}


def queue_errors(params) -> dict:
    """Refused query parameters: the page falls back to its defaults, an integrator is told."""
    sorts = [*queries.COLUMNS, *(f"-{column}" for column in queries.COLUMNS)]
    errors = api.parameter_errors(params, choices={"status": queries.STATUS_FILTERS, "assignee": queries.ASSIGNEES,
                                                   "sort": sorts}, max_lengths={"q": queries.MAX_QUERY})
    for name in DIGITS:
        if name in params and queries.Filters.from_params({name: params[name]}).query().get(name) is None:
            errors[name] = _("desk-api-id", default="Give an id: digits only.")
    return errors


def queue(request):
    staff_only(request)
    errors = queue_errors(request.GET)
    if errors:
        raise api.ApiProblem(422, errors=errors)
    filters = queries.Filters.from_params(request.GET)
    page = queries.queue_page(request, filters, size=int(request.GET.get("limit", "50")))
    labels = Labels(request)
    return {"items": [labels.summary(req, ticket) for req, ticket in page.rows],
            "next": page.next, "previous": page.previous}


def detail_json(request, req) -> dict:
    """The request with its whole thread, internal notes included, and its history."""
    dbsession = request.dbsession
    body = Labels(request).summary(req, tickets.ticket_of(dbsession, req.id))
    base = f"{request.application_url}/api/v1/desk/requests/{req.id}/attachments/"
    body["messages"] = [{
        "id": m.id, "author": _named(m.author), "body": m.body, "internal": not m.is_external,
        "created_at": m.created_at.isoformat(),
        "attachments": [{"id": a.id, "filename": a.filename, "content_type": a.content_type, "size": a.size,
                         "url": base + str(a.id)} for a in rq.attachments_of(m)]}
        for m in rq.messages_of(dbsession, req, include_internal=True)]
    history = dbsession.scalars(sa.select(HistoryEntry).where(HistoryEntry.request_id == req.id)
                               .options(joinedload(HistoryEntry.person))
                               .order_by(HistoryEntry.created_at, HistoryEntry.id))
    body["history"] = [{"field": entry.field, "old": entry.old_value, "new": entry.new_value,
                        "person": _named(entry.person), "created_at": entry.created_at.isoformat()}
                       for entry in history]
    return body


def get_request(request):
    return detail_json(request, staff_request_or_404(request))


def form_of(form_class):
    """The request page's form for the request in the URL (staff only, 404 first); for the document, unbound."""
    def make(request):
        if "id" not in (request.matchdict or {}):
            return form_class(request, None)
        req = staff_request_or_404(request)
        if form_class is ChangeForm:
            return ChangeForm(request, req, ticket=tickets.ticket_of(request.dbsession, req.id))
        return form_class(request, req)

    return make


def post(request):
    """An answer (mailed to the customer's side, the request then waits for them) or an internal note."""
    req = request.api_form.req
    message, sent = post_message(request, req, request.api_values)
    return api.ApiResult(detail_json(request, req), status=201,
                         headers={"Location": f"{request.application_url}/api/v1/desk/requests/{req.id}",
                                  "X-Message-Id": str(message.id)})


def change(request):
    """Set the fields sent; the others keep the values found under the request's lock."""
    req = request.api_form.req
    tickets.save_changes(request, req, request.api_values)
    return detail_json(request, req)


def attachment(request):
    """Any file of the thread, internal notes' included, as the desk page serves it."""
    req = staff_request_or_404(request)
    response = rq.attachment_response(request, req, api.matched_id(request, "attachment_id"), internal=True)
    if response is None:
        raise api.ApiProblem(404)
    return response
