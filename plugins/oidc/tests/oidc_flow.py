"""Helpers of the single sign-on tests: a sign-in driven the way a browser drives it."""
from __future__ import annotations

import time

from joserfc import jwt
from joserfc.jwk import RSAKey

from cc_oidc.testing import CLIENT_ID, authorization_params, callback_path


def start(testapp, provider_name: str = "corp", **query):
    """GET the portal's start route; returns the provider's authorization URL."""
    response = testapp.get(f"/oidc/{provider_name}/login", params=query)
    assert response.status_int == 303, response.status
    return response.location


def sign_in(testapp, provider, sub: str, provider_name: str = "corp", expect_errors: bool = False, **query):
    """The whole round: start at the portal, sign in at the provider, come back; the callback's response."""
    authorization_url = start(testapp, provider_name, **query)
    callback = provider.authorize(authorization_url, sub)
    return testapp.get(callback_path(callback), expect_errors=expect_errors)


class Forger:
    """An attacker's (or a rotated) signing key, published in the provider's key set when asked."""

    def __init__(self, provider, kid: str = "rotated-key"):
        self.provider = provider
        self.key = RSAKey.generate_key(2048, parameters={"kid": kid, "use": "sig", "alg": "RS256"})

    def publish(self) -> None:
        self.provider.publish_key(self.key.as_dict(private=False))

    def claims(self, login_nonce: str, sub: str, **changes) -> dict:
        now = int(time.time())
        claims = {"iss": self.provider.url, "aud": CLIENT_ID, "sub": sub, "nonce": login_nonce, "iat": now,
                  "exp": now + 300, "email": f"{sub}", "email_verified": True}
        claims.update(changes)
        return {key: value for key, value in claims.items() if value is not None}

    def sign(self, claims: dict, alg: str = "RS256") -> str:
        return jwt.encode({"alg": alg, "kid": self.key.kid}, claims, self.key)


def sign_in_with_token(testapp, provider, sub: str, make_token, provider_name: str = "corp"):
    """Sign in at the provider for real, but have its token endpoint hand back ``make_token(nonce)``."""
    authorization_url = start(testapp, provider_name)
    nonce = authorization_params(authorization_url)["nonce"]
    callback = provider.authorize(authorization_url, sub)
    provider.replace_next_id_token(make_token(nonce))
    return testapp.get(callback_path(callback), expect_errors=True)


def logged_in_name(testapp) -> bool:
    """Whether the portal shows a logged-in page (the logout form is there)."""
    return "logout-form" in testapp.get("/").text
