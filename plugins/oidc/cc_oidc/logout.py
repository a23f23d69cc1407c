"""Logging out at the provider too (OpenID Connect RP-Initiated Logout 1.0).

The portal's session is ended by the core; the browser is then sent to the
provider's ``end_session_endpoint`` with our ``client_id`` and the home
page as ``post_logout_redirect_uri`` (register it at the provider), so the
person is not silently signed in again by the provider's own session.
The ID token is not kept anywhere to send as a hint: the client id is
enough for the providers the docs show.
"""
from __future__ import annotations

import logging
from urllib.parse import urlencode

from .discovery import ProviderUnavailable, provider_directory
from .providers import configured_providers

log = logging.getLogger(__name__)


def end_session_url(request, method: str) -> str | None:
    """The provider's end-session URL for a session signed in through ``method``, or ``None``."""
    if not isinstance(method, str) or not method.startswith("oidc:"):
        return None
    provider = configured_providers(request).get(method[len("oidc:"):])
    if provider is None:
        return None
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
