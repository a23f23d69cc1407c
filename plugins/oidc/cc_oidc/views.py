"""The two routes of a provider: start a sign-in, and the callback the provider sends the browser back to.

The callback trusts nothing it is given: the ``state`` must be one this
browser started at this provider, the code is redeemed over a direct
connection to the provider's token endpoint, and the ID token passes every
check of :mod:`.id_token` before the person is looked up.  Whatever
fails, the answer is a readable page with 400 (or 502 when the provider
itself failed), no session is started, and the attempt is counted by the
core's throttle.  A good sign-in ends in :func:`cc_core.api.start_session`,
exactly like the password form.
"""
from __future__ import annotations

import logging

from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.renderers import render_to_response
from pyramid.view import view_config

from cc_core import api

from .discovery import ProviderUnavailable, provider_directory
from .flow import TokenRefused, begin, exchange_code, take_pending, userinfo
from .id_token import InvalidIDToken, verified_claims
from .linking import find_person
from .messages import MESSAGES, TITLE
from .providers import configured_providers

log = logging.getLogger(__name__)


def failure_page(request, reason: str, status: int = 400):
    """The readable page of a sign-in that did not work (never cached: it follows a one-time callback)."""
    response = render_to_response("cc_oidc:templates/error.pt",
                                  {"title": TITLE, "message": MESSAGES[reason], "reason": reason},
                                  request=request)
    response.status_int = status
    response.headers["Cache-Control"] = "no-store"
    return response


def _provider(request):
    provider = configured_providers(request).get(request.matchdict["provider"])
    if provider is None:
        raise HTTPNotFound()
    return provider


@view_config(route_name="oidc.login", request_method="GET", permission="public")
def start(request):
    """Send the browser to the provider with a fresh state, nonce and PKCE challenge."""
    provider = _provider(request)
    try:
        metadata = provider_directory(request).metadata(provider.issuer)
    except ProviderUnavailable as exc:
        log.warning("oidc provider %s unavailable at login: %s", provider.name, exc)
        return failure_page(request, "unavailable", 502)
    hint = request.params.get("login_hint")
    hint = hint if isinstance(hint, str) and 0 < len(hint) <= 254 and hint.isprintable() else None
    came_from = api.safe_return_url(request, request.params.get("came_from"))
    response = HTTPSeeOther(location=begin(request, provider, metadata, came_from, login_hint=hint))
    response.headers["Cache-Control"] = "no-store"
    return response


@view_config(route_name="oidc.callback", request_method="GET", permission="public")
def callback(request):
    """Finish the sign-in the provider sent back, or say readably why not."""
    provider = _provider(request)
    attempt = api.admit_external_attempt(request)
    params = request.GET
    pending = take_pending(request, params.get("state"))
    if "error" in params:
        # The provider's refusal (some send it without the state): a page, nothing else.
        log.info("oidc provider %s refused the sign-in: %.100s", provider.name, params.get("error"))
        return failure_page(request, "denied")
    if pending is None or pending.provider != provider.name:
        log.warning("oidc callback of %s refused: unknown, reused or foreign state", provider.name)
        return failure_page(request, "state")
    directory = provider_directory(request)
    try:
        metadata = directory.metadata(provider.issuer)
        if "iss" in params and params.get("iss") != metadata.issuer:
            # RFC 9207: the provider says who sent the browser back.
            log.warning("oidc callback of %s refused: iss parameter of another issuer", provider.name)
            return failure_page(request, "token")
        code = params.get("code")
        if not isinstance(code, str) or not code or len(code) > 2048:
            return failure_page(request, "state")
        tokens = exchange_code(request, provider, metadata, code, pending.verifier, directory.timeout)
        claims = verified_claims(directory, metadata, tokens["id_token"], client_id=provider.client_id,
                                 nonce=pending.nonce, settings=request.registry.settings)
        if "email" not in claims or "email_verified" not in claims:
            extra = userinfo(metadata, tokens.get("access_token"), directory.timeout)
            if extra.get("sub") == claims["sub"]:
                claims = {**extra, **claims}
    except ProviderUnavailable as exc:
        log.warning("oidc provider %s unavailable at callback: %s", provider.name, exc)
        return failure_page(request, "unavailable", 502)
    except TokenRefused as exc:
        log.warning("oidc provider %s refused the code: %s", provider.name, exc)
        return failure_page(request, "token")
    except InvalidIDToken as exc:
        log.warning("oidc ID token of %s refused: %s", provider.name, exc)
        return failure_page(request, "token")
    outcome = find_person(request, provider, metadata.issuer, claims, list(configured_providers(request).values()))
    if outcome.person is None:
        log.info("oidc sign-in through %s refused: %s", provider.name, outcome.refusal)
        return failure_page(request, outcome.refusal)
    api.external_attempt_succeeded(request, attempt)
    api.start_session(request, outcome.person, provider.method)
    return HTTPSeeOther(location=pending.came_from)
