"""The identity providers of the ini file, read once at start-up.

::

    cc.oidc.providers = acme
    cc.oidc.acme.issuer = https://login.acme.example
    cc.oidc.acme.client_id = portal
    cc.oidc.acme.client_secret = ...
    cc.oidc.acme.label = Sign in with Acme
    cc.oidc.acme.scopes = openid email profile
    cc.oidc.acme.domains = acme.example acme.test
    cc.oidc.acme.password_login = false
    cc.oidc.acme.provision = company:Acme Ltd
    cc.oidc.acme.trust_domains = false

A mistake (an unknown provision mode, a missing issuer, one domain claimed
by two providers) stops start-up with a message naming the setting, rather
than sending people to a provider that cannot work.
"""
from __future__ import annotations

import dataclasses
import re
from urllib.parse import urlsplit

from pyramid.settings import asbool

_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")


class ProviderConfigError(ValueError):
    """A ``cc.oidc.*`` setting that cannot work."""


@dataclasses.dataclass(frozen=True)
class Provider:
    """One configured OpenID Connect provider."""

    name: str
    issuer: str
    client_id: str
    client_secret: str
    label: str
    scopes: str = "openid email profile"
    domains: tuple[str, ...] = ()
    password_login: bool = True
    provision_company: str | None = None
    trust_domains: bool = False

    @property
    def method(self) -> str:
        """The sign-in method name given to the core (``oidc:NAME``)."""
        return f"oidc:{self.name}"

    @property
    def origin(self) -> str:
        """The issuer's scheme, host and port (its pages are where the browser goes)."""
        parts = urlsplit(self.issuer)
        return f"{parts.scheme}://{parts.netloc}"

    def owns(self, email: str) -> bool:
        """Whether ``email``'s domain is one of this provider's."""
        return email.rpartition("@")[2].lower() in self.domains


def providers_from_settings(settings) -> dict[str, Provider]:
    """Every provider named by ``cc.oidc.providers``, by name."""
    providers: dict[str, Provider] = {}
    for name in settings.get("cc.oidc.providers", "").split():
        if not _NAME.match(name):
            raise ProviderConfigError(f"cc.oidc.providers: {name!r} is not a valid name (a-z, 0-9, - and _)")
        providers[name] = _provider(settings, name)
    owner: dict[str, str] = {}
    for provider in providers.values():
        for domain in provider.domains:
            if domain in owner:
                raise ProviderConfigError(f"cc.oidc.{provider.name}.domains: {domain} already belongs to "
                                          f"cc.oidc.{owner[domain]}")
            owner[domain] = provider.name
    return providers


def _provider(settings, name: str) -> Provider:
    def get(key, default=None):
        value = settings.get(f"cc.oidc.{name}.{key}", default)
        if value is None:
            raise ProviderConfigError(f"cc.oidc.{name}.{key} must be set")
        return value.strip()

    issuer = get("issuer").rstrip("/")
    if not issuer.startswith(("https://", "http://")):
        raise ProviderConfigError(f"cc.oidc.{name}.issuer must be an https URL")
    scopes = get("scopes", "openid email profile")
    if "openid" not in scopes.split():
        scopes = f"openid {scopes}"
    return Provider(name=name, issuer=issuer, client_id=get("client_id"), client_secret=get("client_secret", ""),
                    label=get("label", name), scopes=scopes,
                    domains=tuple(d.lower().lstrip("@") for d in get("domains", "").split()),
                    password_login=asbool(get("password_login", "true")),
                    provision_company=_provision(name, get("provision", "off")),
                    trust_domains=asbool(get("trust_domains", "false")))


def _provision(name: str, value: str) -> str | None:
    if value == "off":
        return None
    if value.startswith("company:") and value[len("company:"):].strip():
        return value[len("company:"):].strip()
    raise ProviderConfigError(f"cc.oidc.{name}.provision must be 'off' or 'company:NAME', not {value!r}")


def configured_providers(request) -> dict[str, Provider]:
    """The running portal's providers."""
    return request.registry["cc_oidc.providers"]
