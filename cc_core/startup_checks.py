"""Settings the portal refuses to start with.

A portal signing sessions, forms and one-time links with a secret anybody
can read in this repository could be logged into by anybody: so the
development secret is accepted only where the ini file says it is a
development install (``cc.development = true``), and a missing or short
secret never.  The check runs in the application factory and in the
``cc`` command, so neither a web worker nor ``cc worker`` starts with it.
"""
from __future__ import annotations

from pyramid.settings import asbool

from .env_settings import UnsafeSettings, resolve_environment

__all__ = ["DEVELOPMENT_SECRET", "MIN_SECRET_LENGTH", "UnsafeSettings", "check_secret", "is_development",
           "settings_for_start"]

#: The secret ``development.ini`` ships with: public, so never for a real portal.
DEVELOPMENT_SECRET = "development-secret-change-me-0123456789abcdef"
MIN_SECRET_LENGTH = 32


def is_development(settings) -> bool:
    """True when the ini file declares a development install (``cc.development = true``)."""
    return asbool(settings.get("cc.development", False))


def check_secret(settings) -> None:
    """Refuse a missing, short or published ``cc.secret``; see the module's docstring."""
    secret = settings.get("cc.secret") or ""
    if not secret.strip():
        raise UnsafeSettings(f"cc.secret is missing: set it to at least {MIN_SECRET_LENGTH} random characters, "
                             'e.g. python -c "import secrets; print(secrets.token_hex(32))"')
    if len(secret) < MIN_SECRET_LENGTH:
        raise UnsafeSettings(f"cc.secret must be set to a random string of at least {MIN_SECRET_LENGTH} characters "
                             f"(it has {len(secret)})")
    if secret == DEVELOPMENT_SECRET and not is_development(settings):
        raise UnsafeSettings("cc.secret is the development secret from development.ini, which anybody can read: "
                             "set a secret of your own, or cc.development = true on a development machine")


def settings_for_start(settings) -> dict:
    """The ini file's settings with the environment's values filled in, refused when unsafe."""
    resolved = resolve_environment(dict(settings))
    check_secret(resolved)
    return resolved
