"""The request page and its form endpoints."""
from __future__ import annotations

from pyramid.httpexceptions import HTTPNotFound
from pyramid.view import view_config

from cc_core import api
from cc_requests import public as rq

from .. import tickets
from .forms import ChangeForm, MessageForm, PublishForm


def _request_or_404(request):
    req = tickets.get_request(request.dbsession, api.matched_id(request))
    if req is None:
        raise HTTPNotFound()
    return req


def can_publish(request) -> bool:
    """Whether some plugin (the FAQ) takes requests as draft articles."""
    return bool(api.plugin_manager(request).hook.cc_desk_publish_to_faq.get_hookimpls())


class RequestPage:
    """Everything the request page shows, around whichever of its forms is being processed."""

    def __init__(self, request, req):
        self.request = request
        self.req = req
        self.ticket = tickets.ticket_of(request.dbsession, req.id)

    def message_form(self) -> MessageForm:
        return MessageForm(self.request, self.req, self.values)

    def change_form(self) -> ChangeForm:
        return ChangeForm(self.request, self.req, self.values, self.ticket)

    def values(self, active=None) -> dict:
        request, req = self.request, self.req
        forms = api.page_forms({"message_form": self.message_form(), "change_form": self.change_form()},
                               posted=active)
        message_form, change_form = forms["message_form"], forms["change_form"]
        events = tickets.timeline(request.dbsession, req)
        changes = [event.change for event in events if event.change is not None]
        return {"req": req, "ticket": change_form.ticket, "events": events,
                "message_form": message_form, "change_form": change_form,
                "status_label": rq.status_label, "labels": rq.labels(request, req),
                "can_publish": can_publish(request), "history": tickets.HistoryLabels(request, changes)}


@view_config(route_name="desk.request", permission="staff", request_method="GET",
             renderer="cc_desk:templates/request_page/request.pt")
def request_page(request):
    return RequestPage(request, _request_or_404(request)).values()


@view_config(route_name="desk.request.message", permission="staff", request_method="POST")
def message(request):
    return api.process_form(RequestPage(request, _request_or_404(request)).message_form())


@view_config(route_name="desk.request.change", permission="staff", request_method="POST")
def change(request):
    return api.process_form(RequestPage(request, _request_or_404(request)).change_form())


@view_config(route_name="desk.request.publish", permission="staff")
def publish(request):
    req = _request_or_404(request)
    if not can_publish(request):
        raise HTTPNotFound()
    return api.process_form(PublishForm(request, req))


@view_config(route_name="desk.attachment", permission="staff", request_method="GET")
def attachment(request):
    """Any file of the thread, internal notes' included (staff only: the route's factory sees to it)."""
    req = _request_or_404(request)
    response = rq.attachment_response(request, req, api.matched_id(request, "attachment_id"), internal=True)
    if response is None:
        raise HTTPNotFound()
    return response
