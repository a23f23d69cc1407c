"""A tiny plugin that implements every hook the requests plugin offers, for the tests.

It records each call in ``CALLS`` and behaves as a real plugin would: it
vetoes titles containing "forbidden", suggests an article for "password",
and adds an ``email`` custom field type.
"""
import colander

from cc_core import api
from cc_requests.public import FieldType

CALLS: list[tuple] = []


@api.hookimpl(optionalhook=True)
def cc_requests_validate(request, values):
    CALLS.append(("validate", values["title"], values["category"].name if values["category"] else None))
    if "forbidden" in values["title"].lower():
        return {"title": "Titles may not say forbidden."}
    return None


@api.hookimpl(optionalhook=True)
def cc_requests_suggestions(request, text, limit):
    CALLS.append(("suggestions", text, limit))
    if "password" in text.lower():
        return [{"title": "Reset <b>your</b> password", "url": "/faq/articles/7", "snippet": "Use the link."}]
    return []


@api.hookimpl(optionalhook=True)
def cc_requests_on_submitted(request, req):
    CALLS.append(("submitted", req.id, len(req.messages)))


@api.hookimpl(optionalhook=True)
def cc_requests_on_message_added(request, req, message):
    CALLS.append(("message_added", req.id, message.body, message.is_external))


@api.hookimpl(optionalhook=True)
def cc_requests_on_status_changed(request, req, old_status, new_status):
    CALLS.append(("status_changed", req.id, old_status, new_status))


@api.hookimpl(optionalhook=True)
def cc_requests_on_reopened(request, req):
    CALLS.append(("reopened", req.id))


@api.hookimpl(optionalhook=True)
def cc_requests_field_types():
    return [FieldType(name="email", title="E-mail address", widget="email",
                      validator=lambda definition: colander.Email(msg="Not an e-mail address."))]
