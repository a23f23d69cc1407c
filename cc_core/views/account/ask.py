"""The pages that ask for a mailed link: they all answer the same whatever the address.

Each counts against the mail throttle, queues the decision about the
address (:mod:`.deferred`) and sends the visitor to the "check your mail"
page, so a known address and an unknown one look alike.
"""
from __future__ import annotations


from ... import fields
from ...forms import Form
from . import common
from .deferred import defer_account_mail


def ask_for_mail(request, kind: str, email: str, **details) -> str:
    """Queue the ``kind`` mail for ``email`` and return where the visitor goes next."""
    common.count_mail_request(request, email)
    defer_account_mail(request, kind, email, **details)
    return request.route_path("account_sent", kind=kind)


class AskForLinkForm(Form):
    """An address and a button; ``kind`` says which link to mail (``reset``, ``login``)."""

    kind: str

    def schema(self):
        return fields.schema_of(fields.email_node(autocomplete="username"))

    def check(self, values, state):
        common.refuse_floods(self.request, values["email"])

    def apply(self, values, state):
        return ask_for_mail(self.request, self.kind, values["email"])
