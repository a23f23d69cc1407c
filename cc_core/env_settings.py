"""Settings whose values come from the environment: ``cc.secret = env:CC_SECRET``.

An ini file is copied, versioned and shown around; secrets (the signing
secret, the database and SMTP passwords, the S3 keys) belong in the
environment of the processes instead, where a container platform or a
systemd ``EnvironmentFile`` puts them.  A value of exactly ``env:NAME``
is replaced by the environment variable ``NAME`` when the application or
the ``cc`` command reads its settings; ``env:NAME:-default`` gives a
default for an unset variable.  An unset variable without a default
stops start-up with a message naming the setting and the variable, rather
than starting with an empty secret.
"""
from __future__ import annotations

import os
import re


class UnsafeSettings(ValueError):
    """A setting that would make the portal unsafe to serve, or unable to start; the message names it."""


PREFIX = "env:"
_REFERENCE = re.compile(r"env:(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?::-(?P<default>.*))?", re.DOTALL)


def environment_reference(value) -> tuple[str, str | None] | None:
    """``(variable, default)`` when ``value`` reads the environment, else ``None``."""
    if not isinstance(value, str):
        return None
    match = _REFERENCE.fullmatch(value.strip())
    return (match["name"], match["default"]) if match else None


def resolve_environment(settings: dict, environ=None) -> dict:
    """``settings`` with every ``env:NAME`` value replaced by the variable's value."""
    environ = os.environ if environ is None else environ
    resolved = dict(settings)
    for key, value in settings.items():
        reference = environment_reference(value)
        if reference is None:
            continue
        name, default = reference
        if name in environ:
            resolved[key] = environ[name]
        elif default is not None:
            resolved[key] = default
        else:
            raise UnsafeSettings(f"{key} reads the environment variable {name}, which is not set")
    return resolved
