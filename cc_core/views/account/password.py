"""Forgotten password: ``/password/forgot`` mails a link to ``/password/reset/{token}``.

The forgot page says the same whether or not the address has an account.
Choosing a new password bumps the person's ``session_version``: every
session and every other link of theirs ends, and the reset also confirms
the address (the link proved the mailbox).
"""
from __future__ import annotations

import colander
from pyramid.view import view_config

from ... import fields
from ...forms import Form, process_form
from ...i18n import _
from ...login_throttle import login_throttle
from ...passwords import hash_password
from ...tokens import TokenError, check_token, consume_token
from . import common
from .deferred import defer_account_mail
from .stale import stale_response


class ForgotForm(Form):
    id = "password-forgot"
    template = "cc_core:templates/account/forgot.pt"
    submit_label = _("Mail me a link")

    def schema(self):
        schema = colander.Schema()
        schema.add(fields.email_node(autocomplete="username"))
        return schema

    def initial(self):
        return {"email": self.request.params.get("email", "")}

    def check(self, values, state):
        common.refuse_floods(self.request, values["email"])

    def apply(self, values, state):
        request = self.request
        common.count_mail_request(request, values["email"])
        defer_account_mail(request, "reset", values["email"])
        return request.route_path("account_sent", kind="reset")


class ResetForm(Form):
    id = "password-reset"
    template = "cc_core:templates/account/reset.pt"
    submit_label = _("Save the new password")
    success_message = _("Your password has been changed. Log in with the new one.")

    def __init__(self, request, link):
        super().__init__(request)
        self.link = link

    def schema(self):
        schema = colander.Schema()
        for node in fields.new_password_nodes(self.request):
            schema.add(node)
        return schema

    def template_values(self):
        return {"account": self.link.person}

    def check(self, values, state):
        person = self.link.person
        return fields.check_new_password(self.request, values, person.email, person.name)

    def apply(self, values, state):
        request = self.request
        person = self.link.person
        try:
            consume_token(request, self.link)
        except TokenError:
            self.errors = {"": request.localizer.translate(_("This link has already been used."))}
            return None
        person.password_hash = hash_password(values["password"])
        person.session_version += 1
        person.email_confirmed = True
        login_throttle(request).clear_account(request.dbsession, person.email)
        common.mail_person(request, person, _("Your password has been changed"), "password_changed",
                           forgot_link=request.route_url("password_forgot"))
        return request.route_path("login")


@view_config(route_name="password_forgot", permission="public")
def forgot(request):
    return process_form(ForgotForm(request))


@view_config(route_name="password_reset", permission="public")
def reset(request):
    token = request.matchdict["token"]
    try:
        link = check_token(request, "reset", token)
    except TokenError as error:
        return stale_response(request, "reset", token, error)
    response = process_form(ResetForm(request, link))
    response.headers["Cache-Control"] = "no-store"
    return response
