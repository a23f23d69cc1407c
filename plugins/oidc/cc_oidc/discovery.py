"""What the portal learns from a provider over HTTP: its discovery document and its signing keys.

Both are cached in the worker process, since every login needs them and a
provider's answer changes rarely: the discovery document for
``cc.oidc.metadata_seconds`` (3600), the key set until an ID token names a
key (``kid``) it does not hold.  Then the key set is fetched again once,
which is how a provider's key rotation reaches the portal without a
restart; refetches are at least ``cc.oidc.jwks_min_seconds`` (10) apart,
so tokens with made-up key ids cannot make the portal hammer the provider.

Every request has a timeout (``cc.oidc.timeout``, 10 seconds): a provider
that hangs or answers with an error page becomes :class:`ProviderUnavailable`,
which the views turn into a readable page while password login goes on.
"""
from __future__ import annotations

import dataclasses
import threading
import time

import httpx
from joserfc.jwk import KeySet

#: Signature algorithms an ID token may use: public-key ones only, so neither
#: ``none`` nor an HMAC keyed with the provider's public key can pass.
ASYMMETRIC_ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512",
                         "EdDSA")


class ProviderUnavailable(Exception):
    """The provider did not answer in time, or answered with something unusable."""


@dataclasses.dataclass(frozen=True)
class Metadata:
    """The parts of a discovery document the portal uses."""

    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    userinfo_endpoint: str | None
    end_session_endpoint: str | None
    algorithms: tuple[str, ...]


def fetch_json(url: str, timeout: float) -> dict:
    """GET ``url`` and return its JSON object, or raise :class:`ProviderUnavailable`."""
    try:
        response = httpx.get(url, timeout=timeout, headers={"Accept": "application/json"})
        response.raise_for_status()
        data = response.json()
    except (httpx.HTTPError, ValueError) as exc:
        raise ProviderUnavailable(f"{url}: {type(exc).__name__}") from None
    if not isinstance(data, dict):
        raise ProviderUnavailable(f"{url}: not a JSON object")
    return data


def parse_metadata(issuer: str, data: dict) -> Metadata:
    """The discovery document of ``issuer``, checked: it must name that issuer and the endpoints."""
    if data.get("issuer", "").rstrip("/") != issuer:
        raise ProviderUnavailable(f"discovery document names issuer {data.get('issuer')!r}, not {issuer!r}")
    try:
        endpoints = {name: str(data[name]) for name in ("authorization_endpoint", "token_endpoint", "jwks_uri")}
    except KeyError as missing:
        raise ProviderUnavailable(f"discovery document lacks {missing}") from None
    offered = data.get("id_token_signing_alg_values_supported") or ["RS256"]
    algorithms = tuple(alg for alg in offered if alg in ASYMMETRIC_ALGORITHMS)
    if not algorithms:
        raise ProviderUnavailable("the provider signs ID tokens with no public-key algorithm")
    return Metadata(issuer=data["issuer"], **endpoints, userinfo_endpoint=data.get("userinfo_endpoint"),
                    end_session_endpoint=data.get("end_session_endpoint"), algorithms=algorithms)


class ProviderDirectory:
    """The cached metadata and key sets of every provider, shared by a worker's threads."""

    def __init__(self, settings):
        self.timeout = float(settings.get("cc.oidc.timeout", 10))
        self.metadata_seconds = float(settings.get("cc.oidc.metadata_seconds", 3600))
        self.jwks_min_seconds = float(settings.get("cc.oidc.jwks_min_seconds", 10))
        self._lock = threading.Lock()
        self._metadata: dict[str, tuple[float, Metadata]] = {}
        self._keys: dict[str, tuple[float, KeySet]] = {}
        #: How many times each URL was fetched (read by tests and the report of a login's round trips).
        self.fetches: dict[str, int] = {}

    def metadata(self, issuer: str) -> Metadata:
        with self._lock:
            cached = self._metadata.get(issuer)
        if cached and time.monotonic() - cached[0] < self.metadata_seconds:
            return cached[1]
        url = f"{issuer}/.well-known/openid-configuration"
        metadata = parse_metadata(issuer, self._fetch(url))
        with self._lock:
            self._metadata[issuer] = (time.monotonic(), metadata)
        return metadata

    def keys(self, metadata: Metadata, kid: str | None) -> KeySet:
        """The provider's key set, fetched again when it lacks ``kid`` (and was not just fetched)."""
        with self._lock:
            cached = self._keys.get(metadata.jwks_uri)
        if cached is not None:
            fetched_at, key_set = cached
            fresh = time.monotonic() - fetched_at < self.jwks_min_seconds
            if _holds(key_set, kid) or fresh:
                return key_set
        try:
            key_set = KeySet.import_key_set(self._fetch(metadata.jwks_uri))
        except (ValueError, TypeError, KeyError) as exc:
            raise ProviderUnavailable(f"{metadata.jwks_uri}: unusable key set ({type(exc).__name__})") from None
        with self._lock:
            self._keys[metadata.jwks_uri] = (time.monotonic(), key_set)
        return key_set

    def _fetch(self, url: str) -> dict:
        self.fetches[url] = self.fetches.get(url, 0) + 1
        return fetch_json(url, self.timeout)


def _holds(key_set: KeySet, kid: str | None) -> bool:
    if kid is None:
        return len(key_set.keys) > 0
    return any(key.kid == kid for key in key_set.keys)


def provider_directory(request) -> ProviderDirectory:
    return request.registry["cc_oidc.directory"]
