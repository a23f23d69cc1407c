"""What the portal accepts as a new password.

The rules follow current guidance (NIST SP 800-63B): length matters more
than character classes, so there is a minimum length
(``cc.password.min_length``, default 10) and no composition rules, but
passwords attackers try first are refused: those on the list shipped in
``cc_core/data/common-passwords.txt`` (also with digits or symbols tacked
on, as in ``sunshine2024!``), ones made of one or two repeated
characters, and ones built from the person's own name or e-mail address.
"""
from __future__ import annotations

import dataclasses
import functools
import importlib.resources
import re

from .i18n import _

DEFAULT_MIN_LENGTH = 10
MAX_LENGTH = 1024
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_TRAILING_JUNK = re.compile(r"[\d\W_]+$", re.UNICODE)
_LEADING_JUNK = re.compile(r"^[\d\W_]+", re.UNICODE)


@functools.lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """The shipped list, lower-cased; blank lines and ``#`` comments skipped."""
    text = importlib.resources.files("cc_core").joinpath("data/common-passwords.txt").read_text("utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines()
                     if line.strip() and not line.startswith("#"))


def _is_common(password: str) -> bool:
    lowered = password.lower()
    listed = common_passwords()
    if lowered in listed:
        return True
    # "Password123!", "2024sommer": a listed word dressed up with digits or symbols.
    core = _LEADING_JUNK.sub("", _TRAILING_JUNK.sub("", lowered))
    return len(core) >= 4 and core in listed


def _personal_words(email: str, name: str) -> list[str]:
    email = (email or "").lower()
    local, _at, domain = email.partition("@")
    words = {email, local, *_WORD.findall(local), domain.split(".")[0] if domain else ""}
    name = (name or "").lower()
    words.update(_WORD.findall(name))
    words.add("".join(_WORD.findall(name)))
    return sorted((w for w in words if len(w) >= 3), key=len, reverse=True)


def _is_personal(password: str, email: str, name: str) -> bool:
    """True when few letters are left once the name and address parts are taken out."""
    rest = password.lower()
    words = _personal_words(email, name)
    if not words:
        return False
    for word in words:
        rest = rest.replace(word, "")
    # Digits and symbols around the name add little: count only the letters left.
    return sum(ch.isalpha() for ch in rest) < 4


@dataclasses.dataclass(frozen=True)
class PasswordPolicy:
    """The rules; :meth:`problem` names the first one a password breaks."""

    min_length: int = DEFAULT_MIN_LENGTH
    max_length: int = MAX_LENGTH

    @classmethod
    def from_settings(cls, settings) -> "PasswordPolicy":
        return cls(min_length=max(1, int(settings.get("cc.password.min_length", DEFAULT_MIN_LENGTH))))

    def problem(self, password: str, email: str = "", name: str = ""):
        """A translatable message saying what is wrong, or ``None`` when the password will do."""
        if len(password) < self.min_length:
            return _("password-too-short", default="Use at least ${min} characters.",
                     mapping={"min": self.min_length})
        if len(password) > self.max_length:
            return _("password-too-long", default="Use at most ${max} characters.",
                     mapping={"max": self.max_length})
        if len(set(password)) <= 2:
            return _("password-repetitive", default="This password repeats the same few characters. "
                                                    "Choose one that is harder to guess.")
        if _is_common(password):
            return _("password-common", default="This is one of the most common passwords, which attackers "
                                                "try first. Choose one that is harder to guess.")
        if _is_personal(password, email, name):
            return _("password-personal", default="Do not build your password from your name or e-mail "
                                                  "address.")
        return None


def password_problem(request, password: str, email: str = "", name: str = ""):
    """Check a new password against the portal's policy (see :class:`PasswordPolicy`).

    Returns a translatable message for the form, or ``None``.
    """
    return PasswordPolicy.from_settings(request.registry.settings).problem(password, email, name)


def verify_current_password(request, person, password: str) -> bool:
    """Check the password a logged-in person types to confirm a sensitive change.

    Throttled like the login form (a stolen session must not become a way
    to guess the password): raises ``HTTPTooManyRequests`` (429) when this
    client must wait, and counts a wrong password as a failed login.
    """
    from .login_throttle import login_throttle
    from .passwords import verify_password

    throttle = login_throttle(request)
    attempt = throttle.admit(request, person.email)
    if not verify_password(person.password_hash, password):
        from .metrics.definitions import LOGIN_FAILURES

        LOGIN_FAILURES.labels("reauthentication").inc()
        return False
    throttle.succeeded(request, attempt)
    return True
