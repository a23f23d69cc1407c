"""``PATCH /api/v1/me``: the caller changes their own name and phone numbers.

The fields are the preferences page's own (:func:`cc_core.fields.contact_nodes`),
so the API refuses what the page refuses, with the same messages.  The
e-mail address and the password are not offered: the pages change them
only after a confirmation mail or the current password, which a token
cannot stand in for.  Language, time zone and the plugins' settings are
the preferences plugin's (``/api/v1/me/preferences``).
"""
from __future__ import annotations

from ..fields import contact_nodes, schema_of
from ..forms import Form
from ..i18n import _
from .endpoints import Endpoint
from .me import me
from .problems import ApiProblem

CONTACT_FIELDS = ("name", "phone", "mobile")
#: Members a client may expect to change here, refused by name rather than ignored.
ON_THE_PAGES_ONLY = {
    "email": _("api-me-email", default="Change your e-mail address on the preferences page: the new address "
                                       "must confirm it."),
    "password": _("api-me-password", default="Change your password on the preferences page, with your current "
                                             "one."),
}


class ContactForm(Form):
    """The caller's name, phone and mobile; ``initial()`` is what they are now (a PATCH keeps the rest)."""

    id = "me"

    def schema(self):
        return schema_of(*contact_nodes())

    def initial(self):
        person = self.request.person
        return {name: getattr(person, name) or "" for name in CONTACT_FIELDS}


def update_me(request):
    body = request.environ.get("cc.api.json_body", request.POST)
    refused = {name: message for name, message in ON_THE_PAGES_ONLY.items() if name in body}
    if refused:
        raise ApiProblem(422, errors=refused)
    person = request.person
    for name in CONTACT_FIELDS:
        if getattr(person, name) != request.api_values[name]:
            setattr(person, name, request.api_values[name])
    return me(request)


ENDPOINTS = [
    Endpoint("core.me.update", "PATCH", "/me", update_me, "Change the caller's name, phone or mobile",
             form=ContactForm, tags=("me",), responses={200: {"$ref": "#/components/schemas/Person"}}),
]
