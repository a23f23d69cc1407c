"""A second, tiny kind of sign-in method registered directly by tests: a badge code.

It proves the core's sign-in hooks carry any method, not only OpenID
Connect: a button on the login page, home-realm discovery for the
``badge.example`` domain, its own route and form that find the person by
a code from the settings, and its own page after logout.  Everything a
method must not do itself (session, CSRF token, throttle, events) it
leaves to :mod:`cc_core.api`.
"""
import colander
import sqlalchemy as sa
from pyramid.view import view_config

from cc_core import api

#: Every ``cc_on_login``/``cc_on_logout`` seen: ``(event, person's e-mail)``.
EVENTS: list[tuple[str, str]] = []


def badge_codes(request) -> dict[str, str]:
    """``badge.codes = CODE:email ...`` from the settings."""
    pairs = (item.split(":", 1) for item in request.registry.settings.get("badge.codes", "").split())
    return {code: email for code, email in pairs}


class BadgeSchema(colander.Schema):
    badge = colander.SchemaNode(colander.String(), title="Badge code", validator=colander.Length(max=64))


class BadgeForm(api.Form):
    id = "badge"
    template = "cc_test_hello:templates/form.pt"
    one_time = False

    def schema(self):
        return BadgeSchema()

    def check(self, values, state):
        request = self.request
        attempt = api.admit_external_attempt(request)
        email = badge_codes(request).get(values["badge"])
        self.person = request.dbsession.scalar(sa.select(api.Person).where(api.Person.email == email))
        if self.person is None:
            return {"badge": "Unknown badge."}
        api.external_attempt_succeeded(request, attempt)
        return None

    def apply(self, values, state):
        api.start_session(self.request, self.person, "badge")
        return self.request.route_path("home")


@view_config(route_name="badge", permission="public")
def badge_view(request):
    return api.process_form(BadgeForm(request))


@view_config(route_name="badge_bye", permission="public", renderer="string")
def badge_bye(request):
    return "Badge session over"


@api.hookimpl
def cc_configure(config):
    config.add_route("badge", "/badge")
    config.add_route("badge_bye", "/badge/bye")
    api.allow_form_target(config, "https://badge.example")
    import sys

    config.scan(sys.modules[__name__])


@api.hookimpl
def cc_sign_in_entries(request):
    return [api.SignInEntry(label="Sign in with a badge", url=request.route_path("badge"), method="badge")]


@api.hookimpl
def cc_password_sign_in_redirect(request, email):
    if email.endswith("@badge.example"):
        return request.route_path("badge")
    return None


@api.hookimpl
def cc_sign_out_redirect(request, person, method):
    return request.route_path("badge_bye") if method == "badge" else None


@api.hookimpl
def cc_on_login(request, person):
    EVENTS.append(("login", person.email))


@api.hookimpl
def cc_on_logout(request, person):
    EVENTS.append(("logout", person.email))
