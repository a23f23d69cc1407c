"""Log in and log out."""
import colander
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config

import sqlalchemy as sa

from ..forms import Form, process_form
from ..i18n import _
from ..login_throttle import login_throttle
from ..metrics.definitions import LOGIN_FAILURES
from ..models import Person
from ..passwords import hash_password, needs_rehash, verify_password
from ..sign_in import PASSWORD, end_session, password_sign_in_redirect, sign_in_entries, start_session
from ..urls import safe_return_url


class LoginSchema(colander.Schema):
    email = colander.SchemaNode(colander.String(), title=_("E-mail address"), widget="email",
                                autocomplete="username", validator=colander.Length(max=254),
                                missing_msg=_("Enter your e-mail address."))
    password = colander.SchemaNode(colander.String(), title=_("Password"), widget="password",
                                   autocomplete="current-password", strip=False,
                                   validator=colander.Length(max=1024), missing="")


class LoginForm(Form):
    id = "login"
    template = "cc_core:templates/login.pt"
    submit_label = _("Log in")
    one_time = False

    def schema(self):
        return LoginSchema()

    def initial_state(self):
        return {"came_from": safe_return_url(self.request, self.request.params.get("came_from"))}

    def template_values(self):
        return {**super().template_values(), "sign_in_entries": sign_in_entries(self.request)}

    def check(self, values, state):
        request = self.request
        throttle = login_throttle(request)
        email = values["email"].strip().lower()
        self.elsewhere = password_sign_in_redirect(request, email)
        if self.elsewhere is not None:
            # Home-realm discovery: this address's organisation signs its
            # people in itself, so no password is looked at (apply sends
            # the browser on).
            return None
        if not values["password"]:
            return {"password": _("Enter your password.")}
        # Counted before the password is checked (raises 429 when throttled):
        # a wrong password simply leaves the attempt counted.
        attempt = throttle.admit(request, email)
        person = request.dbsession.scalar(sa.select(Person).where(Person.email == email))
        # verify_password spends the same time whether or not the person exists.
        ok = verify_password(person.password_hash if person else None, values["password"])
        if not ok or person is None or not person.is_active:
            LOGIN_FAILURES.labels("password").inc()
            return {"": _("login-failed", default="That e-mail address and password do not match an account. "
                                                  "Check them and try again.")}
        throttle.succeeded(request, attempt)
        if not person.email_confirmed:
            return {"": _("login-unconfirmed", default="Please confirm your e-mail address first: "
                                                       "follow the link in the mail we sent you.")}
        self.person = person
        return None

    def apply(self, values, state):
        request = self.request
        if self.elsewhere is not None:
            return HTTPSeeOther(location=self.elsewhere)
        person = self.person
        if needs_rehash(person.password_hash):
            person.password_hash = hash_password(values["password"])
        start_session(request, person, PASSWORD)
        return safe_return_url(request, state.get("came_from"))


@view_config(route_name="login", permission="public")
def login(request):
    if request.person is not None and request.method == "GET":
        return HTTPSeeOther(location=safe_return_url(request, request.params.get("came_from")))
    return process_form(LoginForm(request))


@view_config(route_name="logout", request_method="POST", permission="public")
def logout(request):
    location = end_session(request)
    from ..layout import flash

    flash(request, _("You have been logged out."), "info")
    return HTTPSeeOther(location=location or request.route_path("home"))


@view_config(route_name="logout", request_method="GET", permission="public",
             renderer="cc_core:templates/logout.pt")
def logout_confirm(request):
    """A GET cannot log out (a link could do it to you); offer the button."""
    return {}
