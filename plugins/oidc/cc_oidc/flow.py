"""The authorization code flow with PKCE, seen from the portal (OpenID Connect Core §3.1).

:func:`begin` makes a fresh ``state``, ``nonce`` and PKCE verifier, keeps
them in the browser's signed session under the ``state`` (a few logins may
be pending at once, in several tabs), and returns the provider's
authorization URL.  :func:`take_pending` gives the callback the entry of
its ``state`` exactly once: a reused or made-up ``state`` finds nothing.
The entry names its provider, so a code that comes back to another
provider's callback (a mix-up attack) is refused too.

:func:`exchange_code` trades the code for tokens at the provider's token
endpoint and :func:`userinfo` asks the userinfo endpoint; the tokens never
reach a log line or the session.
"""
from __future__ import annotations

import dataclasses
import time
from urllib.parse import quote

import httpx
from authlib.common.security import generate_token
from authlib.oauth2.rfc6749.parameters import prepare_grant_uri, prepare_token_request
from authlib.oauth2.rfc7636 import create_s256_code_challenge

from .discovery import Metadata, ProviderUnavailable
from .providers import Provider

PENDING_KEY = "cc_oidc.pending"
#: How many logins one browser may have started and not finished.
MAX_PENDING = 3
#: Seconds a started login may take at the provider.
PENDING_SECONDS = 600
#: The session (a signed cookie) keeps a started login under short keys.
_SESSION_KEYS = {"provider": "p", "nonce": "n", "verifier": "v", "came_from": "c", "started": "t"}


@dataclasses.dataclass(frozen=True)
class Pending:
    """A started login, as kept in the session."""

    provider: str
    nonce: str
    verifier: str
    came_from: str
    started: int = 0

    def to_session(self) -> dict:
        return {key: getattr(self, name) for name, key in _SESSION_KEYS.items()}

    @classmethod
    def from_session(cls, entry) -> Pending | None:
        """The login an entry of the session holds; ``None`` for one that expired or is no such entry."""
        if not isinstance(entry, dict) or not all(key in entry for key in _SESSION_KEYS.values()):
            return None
        pending = cls(**{name: entry[key] for name, key in _SESSION_KEYS.items()})
        return pending if pending.alive() else None

    def alive(self) -> bool:
        return isinstance(self.started, int) and time.time() - self.started < PENDING_SECONDS


def begin(request, provider: Provider, metadata: Metadata, came_from: str, login_hint: str | None = None) -> str:
    """Remember a new login in the session and return the URL that sends the browser to the provider."""
    state, nonce, verifier = generate_token(32), generate_token(32), generate_token(64)
    pending = {key: value for key, value in request.session.get(PENDING_KEY, {}).items()
               if Pending.from_session(value) is not None}
    while len(pending) >= MAX_PENDING:
        pending.pop(min(pending, key=lambda key: pending[key][_SESSION_KEYS["started"]]))
    pending[state] = Pending(provider.name, nonce, verifier, came_from, int(time.time())).to_session()
    request.session[PENDING_KEY] = pending
    extra = {"login_hint": login_hint} if login_hint else {}
    return prepare_grant_uri(metadata.authorization_endpoint, provider.client_id, "code",
                             redirect_uri=redirect_uri(request, provider), scope=provider.scopes, state=state,
                             nonce=nonce, code_challenge=create_s256_code_challenge(verifier),
                             code_challenge_method="S256", **extra)


def take_pending(request, state) -> Pending | None:
    """The login started with ``state``, removed from the session; ``None`` when there is none."""
    pending = dict(request.session.get(PENDING_KEY, {}))
    entry = pending.pop(state, None) if isinstance(state, str) else None
    if entry is not None:
        request.session[PENDING_KEY] = pending
    return Pending.from_session(entry)


def redirect_uri(request, provider: Provider) -> str:
    """The callback URL to register at the provider."""
    return request.route_url("oidc.callback", provider=provider.name)


def exchange_code(request, provider: Provider, metadata: Metadata, code: str, verifier: str,
                  timeout: float) -> dict:
    """The provider's token response for ``code``; raises :class:`ProviderUnavailable` or :class:`TokenRefused`."""
    body = prepare_token_request("authorization_code", code=code, redirect_uri=redirect_uri(request, provider),
                                 code_verifier=verifier)
    auth = None
    if provider.client_secret:
        # RFC 6749 §2.3.1: the client id and secret are form-encoded before Basic encoding.
        auth = httpx.BasicAuth(quote(provider.client_id, safe=""), quote(provider.client_secret, safe=""))
    else:
        body += "&client_id=" + quote(provider.client_id, safe="")
    try:
        response = httpx.post(metadata.token_endpoint, content=body, auth=auth, timeout=timeout,
                              headers={"Content-Type": "application/x-www-form-urlencoded",
                                       "Accept": "application/json"})
    except httpx.HTTPError as exc:
        raise ProviderUnavailable(f"token endpoint: {type(exc).__name__}") from None
    try:
        data = response.json()
    except ValueError:
        raise ProviderUnavailable(f"token endpoint answered {response.status_code} without JSON") from None
    if response.status_code == 400 and isinstance(data, dict) and "error" in data:
        raise TokenRefused(str(data.get("error"))[:100])
    if response.status_code != 200 or not isinstance(data, dict) or not isinstance(data.get("id_token"), str):
        raise ProviderUnavailable(f"token endpoint answered {response.status_code} without an ID token")
    return data


def userinfo(metadata: Metadata, access_token: str, timeout: float) -> dict:
    """The userinfo endpoint's claims (an empty dict when the provider has none)."""
    if not metadata.userinfo_endpoint or not isinstance(access_token, str):
        return {}
    try:
        response = httpx.get(metadata.userinfo_endpoint, timeout=timeout,
                             headers={"Authorization": f"Bearer {access_token}", "Accept": "application/json"})
        response.raise_for_status()
        data = response.json()
    except (httpx.HTTPError, ValueError):
        raise ProviderUnavailable("userinfo endpoint failed") from None
    return data if isinstance(data, dict) else {}


class TokenRefused(Exception):
    """The provider refused the code (used, expired, or issued to somebody else): an OAuth error code."""
