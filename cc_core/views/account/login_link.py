"""Password-less login by a mailed link (only with ``cc.login_links = true``).

``/login/link`` asks for the address and mails a one-time link to
``/login/link/{token}``, whose page has the button that logs in.  Only
confirmed, active accounts get a link; the page says the same either way.
"""
from __future__ import annotations

import colander
from pyramid.security import remember

from ...db import utcnow
from ... import fields
from ...forms import Form, process_form
from ...i18n import _
from ...tokens import TokenError, check_token, consume_token
from . import common
from .deferred import defer_account_mail
from .stale import stale_response


class LoginLinkForm(Form):
    id = "login-link"
    template = "cc_core:templates/account/login_link.pt"
    submit_label = _("Mail me a login link")

    def schema(self):
        schema = colander.Schema()
        schema.add(fields.email_node(autocomplete="username"))
        return schema

    def check(self, values, state):
        common.refuse_floods(self.request, values["email"])

    def apply(self, values, state):
        request = self.request
        common.count_mail_request(request, values["email"])
        defer_account_mail(request, "login", values["email"])
        return request.route_path("account_sent", kind="login")


class UseLoginLinkForm(Form):
    id = "login-link-use"
    template = "cc_core:templates/account/login_link_use.pt"
    submit_label = _("Log in")

    def __init__(self, request, link):
        super().__init__(request)
        self.link = link

    def schema(self):
        return colander.Schema()

    def template_values(self):
        return {"account": self.link.person}

    def apply(self, values, state):
        request = self.request
        person = self.link.person
        try:
            consume_token(request, self.link)
        except TokenError:
            self.errors = {"": request.localizer.translate(_("This link has already been used."))}
            return None
        person.last_login_at = utcnow()
        remember(request, person.id)
        request.registry["cc.plugin_manager"].hook.cc_on_login(request=request, person=person)
        return request.route_path("home")


def login_link(request):
    return process_form(LoginLinkForm(request))


def use_login_link(request):
    token = request.matchdict["token"]
    try:
        link = check_token(request, "login", token)
    except TokenError as error:
        return stale_response(request, "login", token, error)
    response = process_form(UseLoginLinkForm(request, link))
    response.headers["Cache-Control"] = "no-store"
    return response


def includeme(config):
    """Routes and views, added only when ``cc.login_links`` is on (no decorators: a scan must not find them)."""
    config.add_route("login_link", "/login/link")
    config.add_route("login_link_use", "/login/link/{token}")
    config.add_view(login_link, route_name="login_link", permission="public")
    config.add_view(use_login_link, route_name="login_link_use", permission="public")
