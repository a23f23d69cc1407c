"""Forgotten password: ``/password/forgot`` mails a link to ``/password/reset/{token}``.

The forgot page says the same whether or not the address has an account.
Choosing a new password bumps the person's ``session_version``: every
session and every other link of theirs ends, and the reset also confirms
the address (the link proved the mailbox).
"""
from __future__ import annotations

from pyramid.view import view_config

from ... import fields
from ...forms import form_view
from ...i18n import _
from ...link_pages import LinkForm, link_page
from ...login_throttle import login_throttle
from ...passwords import hash_password
from . import common
from .ask import AskForLinkForm
from .stale import stale_response


class ForgotForm(AskForLinkForm):
    id = "password-forgot"
    template = "cc_core:templates/account/forgot.pt"
    submit_label = _("Mail me a link")
    kind = "reset"

    def initial(self):
        return {"email": self.request.params.get("email", "")}


class ResetForm(LinkForm):
    id = "password-reset"
    template = "cc_core:templates/account/reset.pt"
    submit_label = _("Save the new password")
    success_message = _("Your password has been changed. Log in with the new one.")

    def schema(self):
        return fields.schema_of(*fields.new_password_nodes(self.request))

    def check(self, values, state):
        person = self.link.person
        return fields.check_new_password(self.request, values, person.email, person.name)

    def apply(self, values, state):
        if not self.consume():
            return None
        request = self.request
        person = self.link.person
        person.password_hash = hash_password(values["password"])
        person.session_version += 1
        person.email_confirmed = True
        login_throttle(request).clear_account(request.dbsession, person.email)
        common.mail_person(request, person, _("Your password has been changed"), "password_changed",
                           forgot_link=request.route_url("password_forgot"))
        return request.route_path("login")


forgot = view_config(route_name="password_forgot", permission="public")(form_view(ForgotForm))


@view_config(route_name="password_reset", permission="public")
def reset(request):
    return link_page(request, "reset", ResetForm, stale_response)
