"""What every way of signing in shares: the login page's entries, the session, the throttle, the events.

A sign-in method (the password form, a mailed login link, an OpenID
Connect provider, SAML, a national e-ID) proves who somebody is in its own
way and adds its own routes through ``cc_configure``.  What happens once
it knows the person is the same for all of them, and lives here so that a
fix reaches every method:

* :func:`start_session` renews the session (the old id revoked, a new one
  issued, so no fixation), rotates the CSRF token, stamps the login time,
  marks the browser a known device, remembers which method signed the
  person in and sends ``cc_on_login``;
* :func:`end_session` sends ``cc_on_logout``, asks the method that signed
  the person in where the browser goes next (an identity provider's
  end-session page), and ends the session;
* :func:`admit_external_attempt` counts a sign-in through another method
  against the visitor's address with the password login's throttle, so a
  flood of forged callbacks is refused with 429 like a flood of guesses.

The login page shows a :class:`SignInEntry` per method from
``cc_sign_in_entries``; before checking a password the login form asks
``cc_password_sign_in_redirect`` whether the e-mail address must sign in
elsewhere (home-realm discovery).
"""
from __future__ import annotations

import dataclasses

from pyramid.security import forget, remember

from .collectors import collect
from .db import utcnow
from .login_throttle import Attempt, login_throttle

#: Session key holding the name of the method that signed the person in.
SESSION_METHOD = "cc.sign_in_method"
#: The method name of the password form.
PASSWORD = "password"


@dataclasses.dataclass(frozen=True)
class SignInEntry:
    """A button on the login page that starts another sign-in method.

    ``url`` is a plain link (a GET that only starts the method's flow, so
    no JavaScript is needed); ``method`` names the method, used as the
    button's ``data-method`` for themes and tests.
    """

    label: str
    url: str
    method: str
    order: int = 100


def sign_in_entries(request) -> list[SignInEntry]:
    """The login page's entries from every plugin, in ``order``."""
    return collect(request.registry["cc.plugin_manager"], "cc_sign_in_entries", request=request)


def password_sign_in_redirect(request, email: str) -> str | None:
    """Where ``email`` must sign in instead of with a password, or ``None`` when a password will do."""
    return request.registry["cc.plugin_manager"].hook.cc_password_sign_in_redirect(
        request=request, email=email.strip().lower())


def start_session(request, person, method: str) -> None:
    """Log ``person`` in through ``method``: a fresh session and CSRF token, then ``cc_on_login``."""
    person.last_login_at = utcnow()
    login_throttle(request).remember_device(request, person.email)
    remember(request, person.id)
    request.session[SESSION_METHOD] = method
    request.registry["cc.plugin_manager"].hook.cc_on_login(request=request, person=person)


def end_session(request) -> str | None:
    """Log the current person out; returns where the browser goes next, or ``None`` for the home page.

    The method that signed the person in is asked before the session ends,
    since the session is what remembers it.
    """
    person = request.person
    location = None
    if person is not None:
        hook = request.registry["cc.plugin_manager"].hook
        hook.cc_on_logout(request=request, person=person)
        method = request.session.get(SESSION_METHOD, PASSWORD)
        location = hook.cc_sign_out_redirect(request=request, person=person, method=method)
    forget(request)
    return location


def admit_external_attempt(request) -> Attempt:
    """Count a sign-in through another method against this address, or raise ``LoginThrottled`` (429).

    Call it before checking what the method received; call
    :func:`external_attempt_succeeded` once it proved the person, so only
    failures stay counted (up to ``cc.login.max_failures_per_address``).
    """
    return login_throttle(request).admit_keys(request, {"address": f"external:{request.client_address or '-'}"})


def external_attempt_succeeded(request, attempt: Attempt) -> None:
    """Give back the count of an attempt that signed somebody in."""
    login_throttle(request).succeeded(request, attempt)
