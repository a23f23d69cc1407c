"""Links that no longer work explain why, and offer to mail a fresh one.

The offer is a form whose signed hidden state carries the stale token and
its purpose.  Posting it mails a new link to the account's *current*
address, never to the visitor, so pressing the button on somebody else's
old link only sends its owner a mail (and the mail throttle caps even that).
"""
from __future__ import annotations

from pyramid.httpexceptions import HTTPNotFound
from pyramid.view import view_config

from ...forms import Form, process_form
from ...i18n import _
from ...layout import flash
from ...link_pages import stale_page
from ...tokens import TokenError, owner_of_stale_token
from . import common

#: Where to start over, by purpose, when no fresh link can be mailed.
START_ROUTES = {"register": "register", "reset": "password_forgot", "login": "login"}
SENT_KINDS = ("register", "reset", "login", "resend")


class ResendForm(Form):
    id = "resend-link"
    template = "cc_core:templates/account/stale.pt"
    submit_label = _("Mail me a new link")

    def __init__(self, request, purpose=None, token=None, reason=None):
        super().__init__(request)
        self.initial_values = {"purpose": purpose, "token": token, "reason": reason}

    def initial_state(self):
        return self.initial_values

    @property
    def action(self):
        return self.request.route_path("account_resend")

    def template_values(self):
        state = self.state or self.initial_values
        return {"reason": state.get("reason"), "purpose": state.get("purpose"),
                "start_url": start_url(self.request, state.get("purpose")), "resend": self}

    def apply(self, values, state):
        request = self.request
        purpose = state.get("purpose")
        mailer = common.MAILERS.get(purpose)
        if mailer is None or (purpose == "login" and not common.login_links_enabled(request.registry.settings)):
            raise HTTPNotFound()
        person = owner_of_stale_token(request, purpose, state.get("token"))
        if person is None:
            return start_url(request, purpose)
        if purpose == "register" and person.email_confirmed:
            flash(request, _("Your e-mail address is already confirmed: log in."), "info")
            return request.route_path("login")
        common.refuse_floods(request, person.email)
        common.count_mail_request(request, person.email)
        mailer(request, person)
        return request.route_path("account_sent", kind="resend")


def start_url(request, purpose) -> str:
    return request.route_path(START_ROUTES.get(purpose, "login"))


def stale_response(request, purpose: str, token: str, error: TokenError):
    """The page a link that cannot be used shows: 404 when forged, else 410."""
    resendable = error.reason != TokenError.INVALID and error.person is not None
    confirmed = purpose == "register" and error.person is not None and error.person.email_confirmed
    reason = "confirmed" if confirmed else error.reason
    form = ResendForm(request, purpose, token, reason)
    form.prepare()
    values = {**form.template_values(), "resend": form if resendable and not confirmed else None,
              "form": form, "valid_for": common.valid_for(request, request.locale_name)}
    return stale_page(request, "cc_core:templates/account/stale.pt", values, error)


@view_config(route_name="account_resend", request_method="POST", permission="public")
def resend(request):
    return process_form(ResendForm(request))


@view_config(route_name="account_sent", renderer="cc_core:templates/account/sent.pt", permission="public",
             request_method="GET")
def sent(request):
    kind = request.matchdict["kind"]
    if kind not in SENT_KINDS:
        raise HTTPNotFound()
    return {"kind": kind, "valid_for": common.valid_for(request, request.locale_name)}
