"""Sign-up: ``/register`` and the mailed confirmation ``/register/confirm/{token}``.

An account is usable once its address is confirmed.  Registering an
address that already has an account shows the visitor exactly what a new
registration shows (the password is hashed either way, so even the time
taken is the same); the owner of the address gets a mail saying so.

Confirming asks for the password chosen at sign-up.  Without that, whoever
registered somebody else's address first would own the account the moment
its real owner clicked the link in their mailbox.
"""
from __future__ import annotations

import colander
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.renderers import render_to_response
from pyramid.view import view_config

from ... import fields
from ...forms import Form, process_form
from ...i18n import _
from ...link_pages import LinkForm, link_page, log_in
from ...login_throttle import login_throttle
from ...passwords import hash_password, verify_password
from ...tokens import TokenError
from . import common
from .ask import ask_for_mail
from .stale import stale_response


class RegisterForm(Form):
    id = "register"
    template = "cc_core:templates/account/register.pt"
    submit_label = _("Create account")

    def schema(self):
        return fields.schema_of(
            fields.name_node(), fields.email_node(autocomplete="username"),
            *fields.new_password_nodes(self.request, _("Password"), _("Password again")), fields.phone_node())

    def template_values(self):
        settings = self.request.registry.settings
        mode = common.registration_mode(settings)
        domains = sorted(common.registration_domains(settings)) if mode == "domains" else []
        return {"domains": domains}

    def check(self, values, state):
        request = self.request
        common.refuse_floods(request, values["email"])
        settings = request.registry.settings
        domain = values["email"].rpartition("@")[2]
        if common.registration_mode(settings) == "domains" and domain not in common.registration_domains(settings):
            return {"email": _("register-domain-refused",
                               default="Addresses at ${domain} cannot register here. Use your work address, or "
                                       "ask your contact person to add you.", mapping={"domain": domain})}
        return None

    def check_fields(self, values):
        # The typed address and name, even when refused: the policy refuses a password made of them.
        return fields.check_new_password(self.request, values, self.values.get("email"), self.values.get("name"))

    def apply(self, values, state):
        return ask_for_mail(self.request, "register", values["email"], name=values["name"], phone=values["phone"],
                            password_hash=hash_password(values["password"]))


class ConfirmSchema(colander.Schema):
    password = colander.SchemaNode(colander.String(), title=_("Password"), widget="password",
                                   autocomplete="current-password", strip=False,
                                   validator=colander.Length(max=1024), missing_msg=_("Enter your password."))


class ConfirmForm(LinkForm):
    """Confirms the address and logs in; proves the password as well as the mailbox."""

    id = "register-confirm"
    template = "cc_core:templates/account/confirm.pt"
    submit_label = _("Confirm and log in")

    def schema(self):
        return ConfirmSchema()

    def unusable(self):
        person = self.link.person
        return TokenError(TokenError.USED, person) if person.email_confirmed else None

    def check(self, values, state):
        request = self.request
        person = self.link.person
        throttle = login_throttle(request)
        attempt = throttle.admit(request, person.email)   # 429 when this client must wait
        if not verify_password(person.password_hash, values["password"]):
            return {"password": _("register-confirm-wrong-password",
                                  default="That is not the password this account was registered with. Forgot it? "
                                          "Choose a new one through “Forgot your password?” on the login page.")}
        throttle.succeeded(request, attempt)
        return None

    def apply(self, values, state):
        if not self.consume():
            return None
        request = self.request
        person = self.link.person
        person.email_confirmed = True
        login_throttle(request).remember_device(request, person.email)
        log_in(request, person)
        return request.route_path("home")

    success_message = _("Your e-mail address is confirmed. Welcome!")


@view_config(route_name="register", permission="public")
def register(request):
    if common.registration_mode(request.registry.settings) == "closed":
        response = render_to_response("cc_core:templates/account/closed.pt",
                                      {"contact": request.registry.settings.get("cc.registration.contact", "")},
                                      request=request)
        return response
    if request.person is not None and request.method == "GET":
        return HTTPSeeOther(location=request.route_path("home"))
    return process_form(RegisterForm(request))


@view_config(route_name="register_confirm", permission="public")
def confirm(request):
    return link_page(request, "register", ConfirmForm, stale_response)
