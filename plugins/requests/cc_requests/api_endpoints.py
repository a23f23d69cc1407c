"""The requests plugin's part of the JSON API: list, read, file, reply, close, reopen, rate, download.

Every endpoint goes through the same code as the pages: who sees what
(:mod:`.access`), the list's filters and keyset pages (:mod:`.listing`),
the page's forms for validation (:mod:`.forms`, :mod:`.request_page`)
and :mod:`.service` for every change, so the API and the pages cannot
disagree.  Internal notes are never shown, as on the pages.
"""
from __future__ import annotations

from sqlalchemy.orm import joinedload

from cc_core import api

from . import access, fields, listing, search, service
from .forms import NewRequestForm
from .i18n import _
from .models import Request
from .request_page import RateForm, ReplyForm, external_messages
from .statuses import STATUSES
from .views.detail import attachment_download

REF = "#/components/schemas/"
NAMED = {"oneOf": [{"type": "null"}, {"type": "object", "required": ["id", "name"],
                                      "properties": {"id": {"type": "integer"}, "name": {"type": "string"}}}]}
SUMMARY = {
    "type": "object",
    "required": ["id", "title", "status", "is_open", "category", "priority", "owner", "created_at", "updated_at"],
    "properties": {
        "id": {"type": "integer"}, "title": {"type": "string"}, "status": {"enum": list(STATUSES)},
        "is_open": {"type": "boolean"}, "category": NAMED, "priority": NAMED, "owner": NAMED,
        "created_at": {"type": "string", "format": "date-time"},
        "updated_at": {"type": "string", "format": "date-time"},
    },
}
ATTACHMENT = {"type": "object", "required": ["id", "filename", "content_type", "size", "url"],
              "properties": {"id": {"type": "integer"}, "filename": {"type": "string"},
                             "content_type": {"type": "string"}, "size": {"type": "integer"},
                             "url": {"type": "string"}}}
MESSAGE = {"type": "object", "required": ["id", "author", "body", "created_at", "attachments"],
           "properties": {"id": {"type": "integer"}, "author": NAMED, "body": {"type": "string"},
                          "created_at": {"type": "string", "format": "date-time"},
                          "attachments": {"type": "array", "items": {"$ref": REF + "RequestAttachment"}}}}
DETAIL = {"allOf": [{"$ref": REF + "RequestSummary"}, {
    "type": "object", "required": ["messages", "rating", "rating_comment"],
    "properties": {"messages": {"type": "array", "items": {"$ref": REF + "RequestMessage"}},
                   "rating": {"oneOf": [{"type": "null"}, {"type": "integer", "minimum": 1, "maximum": 5}]},
                   "rating_comment": {"type": "string"}}}]}
PAGE = {"type": "object", "required": ["items", "next", "previous"],
        "properties": {"items": {"type": "array", "items": {"$ref": REF + "RequestSummary"}},
                       "next": {"type": ["string", "null"]}, "previous": {"type": ["string", "null"]}}}
LIST_PARAMETERS = (
    {"name": "status", "in": "query", "schema": {"enum": list(listing.STATUS_FILTERS)}},
    {"name": "scope", "in": "query", "schema": {"enum": list(access.SCOPES)},
     "description": "company: the whole company's requests, for persons with company access."},
    {"name": "q", "in": "query", "schema": {"type": "string", "maxLength": search.MAX_QUERY}},
    {"name": "sort", "in": "query", "schema": {"type": "string"},
     "description": "A column (id, title, status, category, priority, created, updated), '-' first for descending."},
    {"name": "cursor", "in": "query", "schema": {"type": "string"}, "description": "`next` or `previous` of a page."},
    {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100}},
)


def _named(thing, language):
    if thing is None:
        return None
    label = thing.label(language) if hasattr(thing, "label") else thing.name
    return {"id": thing.id, "name": label}


def summary_json(request, req: Request, with_owner: bool) -> dict:
    language = request.locale_name
    return {"id": req.id, "title": req.title, "status": req.status, "is_open": req.is_open,
            "category": _named(req.category, language), "priority": _named(req.priority, language),
            "owner": {"id": req.owner.id, "name": req.owner.name} if with_owner else None,
            "created_at": req.created_at.isoformat(), "updated_at": req.updated_at.isoformat()}


def detail_json(request, req: Request) -> dict:
    body = summary_json(request, req, with_owner=True)
    body["messages"] = [{
        "id": m.id, "author": {"id": m.author.id, "name": m.author.name} if m.author else None, "body": m.body,
        "created_at": m.created_at.isoformat(),
        "attachments": [{"id": a.id, "filename": a.filename, "content_type": a.content_type, "size": a.size,
                         "url": f"{request.application_url}/api/v1/requests/{req.id}/attachments/{a.id}"}
                        for a in m.attachments]} for m in external_messages(request.dbsession, req)]
    body["rating"] = req.rating
    body["rating_comment"] = req.rating_comment or ""
    return body


def _visible(request) -> Request:
    return access.request_or_404(request, joinedload(Request.category), joinedload(Request.priority),
                                 joinedload(Request.owner))


def list_errors(params) -> dict:
    """The query's refused parameters: the page falls back to its defaults, an integrator is told."""
    errors = {}
    for name, allowed in (("status", listing.STATUS_FILTERS), ("scope", access.SCOPES)):
        if name in params and params[name] not in allowed:
            errors[name] = _("api-choice", default="Use one of: ${choices}.", mapping={"choices": ", ".join(allowed)})
    if "sort" in params and listing.parse_sort(params["sort"]) is None:
        errors["sort"] = _("api-sort", default="Sort by id, title, status, category, priority, created or updated, "
                                               "with a - first for descending.")
    if len(params.get("q", "")) > search.MAX_QUERY:
        errors["q"] = _("api-query-long", default="Search for at most ${max} characters.",
                        mapping={"max": search.MAX_QUERY})
    limit = params.get("limit", "50")
    if not (limit.isascii() and limit.isdigit() and 1 <= int(limit[:4]) <= 100):
        errors["limit"] = _("api-limit", default="Give a number from 1 to 100.")
    return errors


def list_requests(request):
    errors = list_errors(request.GET)
    if errors:
        raise api.ApiProblem(422, errors=errors)
    filters = listing.read_filters(request)
    limit = int(request.GET.get("limit", "50"))
    page = listing.list_page(request, filters, size=limit)
    with_owner = filters.scope == access.COMPANY
    items = [summary_json(request, req, with_owner) for req in page.items]
    if not with_owner:
        for item in items:
            item["owner"] = {"id": request.person.id, "name": request.person.name}
    return {"items": items, "next": page.next, "previous": page.previous}


def get_request(request):
    return detail_json(request, _visible(request))


def create_request(request):
    """What the new-request page's form does on a good post (``NewRequestForm.apply``), answered as JSON."""
    values = request.api_values
    req = service.create_request(
        request, request.person, values["title"], values["message"], category=values["category"],
        priority=values["priority"], uploads=values["attachment"],
        custom_values=fields.stored_values(request, values["category"], values))
    return api.ApiResult(detail_json(request, req), status=201,
                         headers={"Location": f"{request.application_url}/api/v1/requests/{req.id}"})


def _form_of(form_class):
    """The request page's form for the request in the URL (404 first); without one, for the document."""
    def make(request):
        req = _visible(request) if "id" in (request.matchdict or {}) else None
        return form_class(request, req)

    return make


def reply(request):
    req = request.api_form.req
    service.customer_reply(request, req, request.person, request.api_values["message"],
                           request.api_values["attachment"])
    return api.ApiResult(detail_json(request, req), status=201)


def close(request):
    req = _visible(request)
    service.close(request, req, request.person)
    return detail_json(request, req)


def reopen(request):
    req = _visible(request)
    service.reopen(request, req, request.person)
    return detail_json(request, req)


def rate(request):
    req = request.api_form.req
    service.rate(request, req, request.api_values["rating"], request.api_values["comment"])
    return detail_json(request, req)


def download(request):
    """The file, exactly as the page serves it: external messages of a visible request only."""
    return attachment_download(request)


def endpoints() -> list:
    detail = {"$ref": REF + "RequestDetail"}
    one = r"/requests/{id:\d+}"
    tags = ("requests",)
    return [
        api.ApiComponent("RequestSummary", SUMMARY), api.ApiComponent("RequestDetail", DETAIL),
        api.ApiComponent("RequestMessage", MESSAGE), api.ApiComponent("RequestAttachment", ATTACHMENT),
        api.ApiComponent("RequestPage", PAGE),
        api.Endpoint("requests.list", "GET", "/requests", list_requests, "The requests the caller sees",
                     parameters=LIST_PARAMETERS, responses={200: {"$ref": REF + "RequestPage"}}, tags=tags),
        api.Endpoint("requests.create", "POST", "/requests", create_request, "File a request (JSON, or "
                     "multipart with attachments)", form=NewRequestForm, multipart=True,
                     responses={201: detail}, tags=tags),
        api.Endpoint("requests.get", "GET", one, get_request, "One request with its thread",
                     responses={200: detail}, tags=tags),
        api.Endpoint("requests.reply", "POST", one + "/reply", reply, "Reply (a closed request reopens "
                     "when the portal allows it)", form=_form_of(ReplyForm), multipart=True,
                     responses={201: detail}, tags=tags),
        api.Endpoint("requests.close", "POST", one + "/close", close, "Mark as solved",
                     responses={200: detail}, tags=tags),
        api.Endpoint("requests.reopen", "POST", one + "/reopen", reopen, "Reopen",
                     responses={200: detail}, tags=tags),
        api.Endpoint("requests.rate", "POST", one + "/rate", rate, "Rate the answer to a closed request",
                     form=_form_of(RateForm), responses={200: detail}, tags=tags),
        api.Endpoint("requests.attachment", "GET", one + r"/attachments/{attachment_id:\d+}", download,
                     "An attachment's content", tags=tags,
                     responses={200: {"description": "The file.",
                                      "content": {"*/*": {"schema": {}}}}}),
    ]
