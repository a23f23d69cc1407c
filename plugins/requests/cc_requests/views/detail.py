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


@view_config(route_name="requests.reply", permission="customer", request_method="POST")
def reply(request):
    return api.process_form(ReplyForm(request, _request(request)))


@view_config(route_name="requests.close", permission="customer", request_method="POST")
def close(request):
    return api.process_form(CloseForm(request, _request(request)))


@view_config(route_name="requests.reopen", permission="customer", request_method="POST")
def reopen(request):
    return api.process_form(ReopenForm(request, _request(request)))


@view_config(route_name="requests.rate", permission="customer", request_method="POST")
def rate(request):
    return api.process_form(RateForm(request, _request(request)))


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
