"""Test harness of the single sign-on plugin (a pytest plugin, ``pytest11`` entry point of cc-oidc).

The tests sign in through a real OpenID Connect provider process on
loopback (:mod:`cc_oidc.testing_provider`, ``oidc-provider-mock`` from
PyPI, from the core's ``testing`` extra), never an in-process fake: the
portal fetches its discovery document, keys, tokens and userinfo over
HTTP exactly as it would from Entra ID.

``oidc_provider_process``  ``oidc_provider_process(name)``: a provider
                     process of the run (session scope, for module fixtures)
``oidc_provider``    provider "corp", one process for the run, its test
                     controls reset after each test (:class:`OIDCProvider`)
``oidc_provider_b``  a second provider process ("partner"), for mix-up attacks
``oidc_settings``    ``oidc_settings(**overrides)``: the portal's
                     ``cc.oidc.*`` settings for both providers

Without ``oidc-provider-mock`` the fixtures fail, never skip: a missing
provider must not pass for a green run.
"""
from __future__ import annotations

import importlib.util
import select
import subprocess
import sys
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

START_TIMEOUT = 60
CLIENT_ID = "customer-centre"
CLIENT_SECRET = "portal-secret-for-tests"


class OIDCProvider:
    """A running provider process and what the tests do with it."""

    def __init__(self, name: str):
        if importlib.util.find_spec("oidc_provider_mock") is None:
            pytest.fail("oidc-provider-mock is not installed: pip install oidc-provider-mock (the 'testing' extra)")
        self.name = name
        self.process = subprocess.Popen([sys.executable, "-W", "ignore", "-m", "cc_oidc.testing_provider"],
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        ready, _, _ = select.select([self.process.stdout], [], [], START_TIMEOUT)
        line = self.process.stdout.readline() if ready else ""
        if not line.startswith("PORT "):
            self.stop()
            pytest.fail(f"the OpenID Connect provider did not start within {START_TIMEOUT} s: {line!r}")
        self.port = int(line.split()[1])
        self.url = f"http://127.0.0.1:{self.port}"
        self.http = httpx.Client(base_url=self.url, timeout=10)

    def stop(self) -> None:
        if getattr(self, "http", None) is not None:
            self.http.close()
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process.stdout.close()

    # -- the provider's own API ------------------------------------------------
    def set_user(self, sub: str, **claims) -> None:
        """The claims the provider gives for ``sub`` (``email``, ``email_verified``, ``name``, ...)."""
        self.http.put(f"/users/{sub}", json=claims).raise_for_status()

    def authorize(self, authorization_url: str, sub: str) -> str:
        """Sign ``sub`` in at the provider's authorization page; returns the callback URL it redirects to."""
        response = self.http.post(authorization_url, data={"sub": sub})
        assert response.status_code == 302, f"provider refused the authorization request: {response.text[:300]}"
        return response.headers["location"]

    def deny(self, authorization_url: str) -> str:
        response = self.http.post(authorization_url, data={"action": "deny"})
        assert response.status_code == 302, response.text[:300]
        return response.headers["location"]

    # -- test controls (cc_oidc.testing_provider) --------------------------------
    def publish_key(self, public_jwk: dict) -> None:
        self.http.post("/_test/keys", json=public_jwk).raise_for_status()

    def replace_next_id_token(self, id_token: str) -> None:
        self.http.post("/_test/id-token", json={"id_token": id_token}).raise_for_status()

    def behave(self, paths, delay: float = 0, status: int = 0) -> None:
        self.http.post("/_test/behaviour", json={"paths": list(paths), "delay": delay,
                                                "status": status}).raise_for_status()

    def hits(self) -> dict[str, int]:
        return self.http.get("/_test/hits").json()

    def reset(self) -> None:
        self.http.post("/_test/reset", json={}).raise_for_status()


def callback_path(url: str) -> str:
    """The path and query of a callback URL, for WebTest."""
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def authorization_params(url: str) -> dict[str, str]:
    """The query parameters of the authorization URL the portal sent the browser to."""
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def provider_settings(name: str, provider: OIDCProvider, **overrides) -> dict:
    """The portal's settings of one provider called ``name``."""
    settings = {"issuer": provider.url, "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET,
                "label": f"Sign in with {name.title()}", "domains": f"{name}.example", "password_login": "true",
                "provision": "off", **overrides}
    return {f"cc.oidc.{name}.{key}": value for key, value in settings.items()}


@pytest.fixture(scope="session")
def oidc_provider_process():
    """``oidc_provider_process(name)``: the run's provider process of that name, started on first use."""
    processes: dict[str, OIDCProvider] = {}

    def get(name: str) -> OIDCProvider:
        if name not in processes:
            processes[name] = OIDCProvider(name)
        return processes[name]

    yield get
    for process in processes.values():
        process.stop()


def _provider_fixture(fixture_name: str, provider_name: str):
    """A test's view of one of the run's provider processes, with no users, codes or faults left from another."""

    @pytest.fixture(name=fixture_name)
    def provider_fixture(oidc_provider_process):
        provider = oidc_provider_process(provider_name)
        provider.reset()
        yield provider
        provider.reset()

    return provider_fixture


#: The two providers the tests sign in with: "corp" and, for mix-ups between them, "partner".
oidc_provider = _provider_fixture("oidc_provider", "corp")
oidc_provider_b = _provider_fixture("oidc_provider_b", "partner")


@pytest.fixture
def oidc_settings(oidc_provider, oidc_provider_b):
    """``oidc_settings(corp={...}, partner={...}, **portal)``: settings of both providers and the plugin."""

    def make(corp=None, partner=None, **portal) -> dict:
        settings = {"cc.oidc.providers": "corp partner", "cc.oidc.timeout": "2", "cc.oidc.jwks_min_seconds": "0"}
        settings.update(provider_settings("corp", oidc_provider, **(corp or {})))
        settings.update(provider_settings("partner", oidc_provider_b, **(partner or {})))
        settings.update(portal)
        return settings

    return make
