"""The access tokens page: make a personal access token for the API, see when each was used, revoke one.

A new token's secret is shown once, on the answer to the post that made
it (not after a redirect: it must not travel in a cookie or a URL), and
never again; only its digest is kept.  Revoking is a small form per
token whose signed state names the token, posted to its own URL.
"""
from __future__ import annotations

import datetime as dt

from pyramid.httpexceptions import HTTPNotFound
from pyramid.renderers import render_to_response
from pyramid.view import view_config

from cc_core import api

from .i18n import _

TEMPLATE = "cc_preferences:templates/tokens.pt"
SCOPES = (("read", _("Read only")), ("read-write", _("Read and write")))
LIFETIMES = (("7", _("7 days")), ("30", _("30 days")), ("90", _("90 days")), ("365", _("1 year")))


class NewTokenForm(api.Form):
    """Name, scope and lifetime of a new token."""

    id = "new-token"
    template = TEMPLATE
    submit_label = _("Create token")

    def schema(self):
        return api.schema_of(
            api.text_node("name", _("Name"), max_length=100,
                          description=_("What the token is for, e.g. the app that uses it.")),
            api.choice_node("scope", _("Access"), SCOPES, widget="radio"),
            api.choice_node("days", _("Expires after"), LIFETIMES),
        )

    def initial(self):
        return {"scope": "read", "days": "30"}

    def apply(self, values, state):
        request = self.request
        expires = api.utcnow() + dt.timedelta(days=int(values["days"]))
        token, secret = api.create_api_token(request.dbsession, request.person, values["name"], values["scope"],
                                             expires)
        response = tokens_page(request, new_token=token, secret=secret)
        response.headers["Cache-Control"] = "no-store"
        return response

    def render(self):
        return tokens_page(self.request, posted=self)


class RevokeTokenForm(api.Form):
    """One button: revoke the token the signed state names."""

    template = TEMPLATE
    submit_label = _("Revoke")
    success_message = _("The token was revoked: it no longer works.")

    def __init__(self, request, token_id: int):
        super().__init__(request)
        self.token_id = token_id
        self.id = f"revoke-token-{token_id}"

    @property
    def action(self):
        return self.request.route_path("preferences.token_revoke", id=self.token_id)

    def initial_state(self):
        return {"token": self.token_id}

    def apply(self, values, state):
        request = self.request
        if state.get("token") != self.token_id:
            raise api.BadState()
        api.revoke_api_token(request.dbsession, request.person.id, self.token_id)
        return request.route_path("preferences.tokens")

    def render(self):
        return tokens_page(self.request, posted=self)


def tokens_page(request, posted=None, new_token=None, secret=None):
    tokens = api.person_tokens(request.dbsession, request.person.id)
    new_form = posted if isinstance(posted, NewTokenForm) else NewTokenForm(request).prepare()
    revoke_forms = {token.id: (posted if isinstance(posted, RevokeTokenForm) and posted.token_id == token.id
                               else RevokeTokenForm(request, token.id).prepare()) for token in tokens}
    values = {"form": new_form, "tokens": tokens, "revoke_forms": revoke_forms, "new_token": new_token,
              "secret": secret, "now": api.utcnow()}
    response = render_to_response(TEMPLATE, values, request=request)
    if posted is not None:
        response.status_int = posted.status
    return response


@view_config(route_name="preferences.tokens", permission="customer")
def tokens(request):
    if request.method == "POST":
        return api.process_form(NewTokenForm(request))
    return tokens_page(request)


@view_config(route_name="preferences.token_revoke", permission="customer", request_method="POST")
def revoke(request):
    token_id = api.parse_id(request.matchdict["id"])
    if token_id is None:
        raise HTTPNotFound()
    return api.process_form(RevokeTokenForm(request, token_id))
