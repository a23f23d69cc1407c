"""``/requests/{id}``: one request, its thread, and the posts that act on it.

Every view looks the request up through :mod:`cc_requests.access` first:
what the viewer may not see answers 404 before any form is read.
"""
from pyramid.httpexceptions import HTTPNotFound
from pyramid.view import view_config
from sqlalchemy.orm import joinedload

from cc_core import api

from .. import access, attachments
from ..models import Request
from ..request_page import CloseForm, RateForm, ReopenForm, ReplyForm, page_values


def _request(request):
    return access.request_or_404(request, joinedload(Request.category), joinedload(Request.priority))


@view_config(route_name="requests.view", permission="customer", request_method="GET",
             renderer="cc_requests:templates/view.pt")
def request_view(request):
    return page_values(request, _request(request))


#: The forms of the request page, by the route each one posts to.
ACTIONS = {form.route: form for form in (ReplyForm, CloseForm, ReopenForm, RateForm)}


@view_config(route_name="requests.reply", permission="customer", request_method="POST")
@view_config(route_name="requests.close", permission="customer", request_method="POST")
@view_config(route_name="requests.reopen", permission="customer", request_method="POST")
@view_config(route_name="requests.rate", permission="customer", request_method="POST")
def act(request):
    """A post of one of the page's forms, found by its route; a refused one shows the whole page again."""
    return api.process_form(ACTIONS[request.matched_route.name](request, _request(request)))


@view_config(route_name="requests.attachment", permission="customer", request_method="GET")
def attachment_download(request):
    """A file of an external message of a request the viewer may see; 404 for anything else."""
    req = access.request_or_404(request)
    attachment_id = api.parse_id(request.matchdict.get("attachment_id"))
    attachment = attachments.find(request.dbsession, req, attachment_id, internal=False) if attachment_id else None
    response = attachments.response(request, attachment) if attachment is not None else None
    if response is None:
        raise HTTPNotFound()
    return response
