"""Password hashing with argon2id, upgraded transparently on login.

The cost parameters come from the settings (``cc.argon2.time_cost``,
``cc.argon2.memory_kib``, ``cc.argon2.parallelism``) and default to
argon2-cffi's own, RFC 9106's low-memory profile: keep those in
production.  A test suite may set cheap ones, since it logs in thousands
of times and proves behaviour, not cost.  A hash made with other
parameters than today's still verifies (they travel in the hash) and is
replaced at the next login (:func:`needs_rehash`).
"""
from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_DEFAULTS = PasswordHasher()
_hasher = _DEFAULTS
# Verified against when the e-mail is unknown, so an unknown address costs
# the same time as a wrong password and timing reveals nothing.  Made with
# the configured parameters, on first use.
_dummy_hash: str | None = None


def configure(settings) -> None:
    """Use the argon2 parameters of ``settings`` in this process (the portal, a command, a worker)."""
    global _hasher, _dummy_hash
    wanted = PasswordHasher(
        time_cost=int(settings.get("cc.argon2.time_cost", _DEFAULTS.time_cost)),
        memory_cost=int(settings.get("cc.argon2.memory_kib", _DEFAULTS.memory_cost)),
        parallelism=int(settings.get("cc.argon2.parallelism", _DEFAULTS.parallelism)))
    if (wanted.time_cost, wanted.memory_cost, wanted.parallelism) != (
            _hasher.time_cost, _hasher.memory_cost, _hasher.parallelism):
        _hasher, _dummy_hash = wanted, None


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def _dummy() -> str:
    global _dummy_hash
    if _dummy_hash is None:
        _dummy_hash = _hasher.hash("no such account; this hash only burns time")
    return _dummy_hash


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when ``password`` matches; always spends one argon2 verification."""
    try:
        return _hasher.verify(password_hash or _dummy(), password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with older parameters than today's."""
    try:
        return _hasher.check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


def includeme(config):
    configure(config.get_settings())
