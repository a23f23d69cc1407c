"""Logging out at the provider too (OpenID Connect RP-Initiated Logout 1.0).

The portal's session is ended by the core, whose logout post redirects to
``/oidc/{provider}/signed-out`` here: the page's CSP (``form-action
'self'``) forbids a form post to end up at another site, so that GET takes
the browser on to the provider's ``end_session_endpoint`` with our ``client_id`` and the home
page as ``post_logout_redirect_uri`` (register it at the provider), so the
person is not silently signed in again by the provider's own session.
The ID token is not kept anywhere to send as a hint: the client id is
enough for the providers the docs show.
"""
from __future__ import annotations

import logging
from urllib.parse import urlencode

from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config

from .discovery import ProviderUnavailable, provider_directory
from .providers import configured_providers

log = logging.getLogger(__name__)


def signed_out_path(request, method: str) -> str | None:
    """Where the logout post of a session signed in through ``method`` goes: our own hop to the provider."""
    if not isinstance(method, str) or not method.startswith("oidc:"):
        return None
    name = method[len("oidc:"):]
    if name not in configured_providers(request):
        return None
    return request.route_path("oidc.signed_out", provider=name)


def end_session_url(request, provider) -> str | None:
    """The provider's end-session URL, or ``None`` when it has none (or cannot be asked)."""
    try:
        metadata = provider_directory(request).metadata(provider.issuer)
    except ProviderUnavailable as exc:
        log.warning("oidc provider %s unavailable at logout: %s", provider.name, exc)
        return None
    if not metadata.end_session_endpoint:
        return None
    separator = "&" if "?" in metadata.end_session_endpoint else "?"
    query = urlencode({"client_id": provider.client_id, "post_logout_redirect_uri": request.route_url("home")})
    return f"{metadata.end_session_endpoint}{separator}{query}"


@view_config(route_name="oidc.signed_out", request_method="GET", permission="public")
def signed_out(request):
    """After the portal's logout: on to the provider's end-session page, else home."""
    provider = configured_providers(request).get(request.matchdict["provider"])
    location = end_session_url(request, provider) if provider is not None else None
    return HTTPSeeOther(location=location or request.route_url("home"))
