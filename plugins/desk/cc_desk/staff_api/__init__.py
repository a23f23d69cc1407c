"""The desk in the JSON API, for staff tokens: the queue, a request's whole thread, answers and notes, changes.

Served through ``cc_api_endpoints`` like every plugin's endpoints, tagged
``desk`` in the OpenAPI document.  They reuse the desk's own queries
(:mod:`cc_desk.queue.queries`), forms (:mod:`cc_desk.request_page.forms`)
and services (:mod:`cc_desk.tickets`), so what the desk's pages allow,
the API allows; anybody but active staff gets 404 from every one.
"""
from __future__ import annotations

from cc_core import api

from ..request_page.forms import ChangeForm, MessageForm
from . import schemas, views

ONE = r"/desk/requests/{id:\d+}"


def endpoints() -> list:
    detail = {"$ref": schemas.REF + "DeskRequest"}
    tags = ("desk",)
    return [
        api.ApiComponent("DeskRequestSummary", schemas.SUMMARY), api.ApiComponent("DeskRequest", schemas.DETAIL),
        api.ApiComponent("DeskMessage", schemas.MESSAGE), api.ApiComponent("DeskAttachment", schemas.ATTACHMENT),
        api.ApiComponent("DeskChange", schemas.CHANGE), api.ApiComponent("DeskQueuePage", schemas.PAGE),
        api.Endpoint("desk.queue", "GET", "/desk/requests", views.queue, "The desk's queue (staff)",
                     parameters=schemas.QUEUE_PARAMETERS, responses={200: {"$ref": schemas.REF + "DeskQueuePage"}},
                     tags=tags),
        api.Endpoint("desk.get", "GET", ONE, views.get_request, "One request with its whole thread, internal "
                     "notes included, and its history (staff)", responses={200: detail}, tags=tags),
        api.Endpoint("desk.message", "POST", ONE + "/messages", views.post, "Answer the customer, or add an "
                     "internal note (staff)", form=views.form_of(MessageForm), multipart=True,
                     responses={201: detail}, tags=tags),
        api.Endpoint("desk.change", "PATCH", ONE, views.change, "Change status, category, priority or assignee "
                     "(staff; fields left out stay)", form=views.form_of(ChangeForm), partial=True,
                     responses={200: detail}, tags=tags),
        api.Endpoint("desk.attachment", "GET", ONE + r"/attachments/{attachment_id:\d+}", views.attachment,
                     "An attachment of the thread, internal notes' too (staff)", tags=tags,
                     responses={200: {"description": "The file.", "content": {"*/*": {"schema": {}}}}}),
    ]
