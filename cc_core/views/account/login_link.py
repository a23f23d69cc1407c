"""Password-less login by a mailed link (only with ``cc.login_links = true``).

``/login/link`` asks for the address and mails a one-time link to
``/login/link/{token}``, whose page has the button that logs in.  Only
confirmed, active accounts get a link; the page says the same either way.
"""
from __future__ import annotations

from ...forms import form_view
from ...i18n import _
from ...link_pages import LinkForm, link_page, log_in
from .ask import AskForLinkForm
from .stale import stale_response


class LoginLinkForm(AskForLinkForm):
    id = "login-link"
    template = "cc_core:templates/account/login_link.pt"
    submit_label = _("Mail me a login link")
    kind = "login"


class UseLoginLinkForm(LinkForm):
    id = "login-link-use"
    template = "cc_core:templates/account/login_link_use.pt"
    submit_label = _("Log in")

    def apply(self, values, state):
        if not self.consume():
            return None
        log_in(self.request, self.link.person)
        return self.request.route_path("home")


def use_login_link(request):
    return link_page(request, "login", UseLoginLinkForm, stale_response)


def includeme(config):
    """Routes and views, added only when ``cc.login_links`` is on (no decorators: a scan must not find them)."""
    config.add_route("login_link", "/login/link")
    config.add_route("login_link_use", "/login/link/{token}")
    config.add_view(form_view(LoginLinkForm), route_name="login_link", permission="public")
    config.add_view(use_login_link, route_name="login_link_use", permission="public")
