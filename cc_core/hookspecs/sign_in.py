"""Hooks of signing in and out: other ways to sign in, and what plugins are told."""
from __future__ import annotations

import pluggy

hookspec = pluggy.HookspecMarker("cc")


@hookspec
def cc_on_login(request, person):
    """Notify that ``person`` has just logged in (after the session renewed).

    Use it for audit logs or to warm caches; the return value is ignored.
    """


@hookspec
def cc_on_logout(request, person):
    """Notify that ``person`` is logging out; the return value is ignored."""


@hookspec
def cc_sign_in_entries(request):
    """Return a list of :class:`cc_core.api.SignInEntry`: buttons on the login page.

    Called each time the login page is shown, also to anonymous visitors,
    so answer from the settings without asking the database.  Each entry
    links to a route of the plugin that starts its own sign-in flow; once
    that flow knows the person, the plugin calls
    :func:`cc_core.api.start_session`, which renews the session, rotates
    the CSRF token and sends ``cc_on_login`` exactly as the password form
    does.  Return an empty list when the method has nothing to offer.
    """


@hookspec(firstresult=True)
def cc_password_sign_in_redirect(request, email):
    """Return the URL where ``email`` must sign in instead of with a password, or ``None``.

    Called by the login form before any password is checked, with the
    typed address stripped and lower-cased (home-realm discovery): a
    plugin that knows the address's domain belongs to an identity provider
    whose organisation forbids passwords returns the URL that starts that
    provider's flow, and the form sends the browser there.  The first
    answer that is not ``None`` wins.
    """


@hookspec(firstresult=True)
def cc_sign_out_redirect(request, person, method):
    """Return where the browser goes after ``person`` logged out, or ``None`` for the home page.

    Called while logging out, after ``cc_on_logout`` and before the
    session ends; ``method`` names the sign-in method of this session (the
    ``method`` given to :func:`cc_core.api.start_session`, ``"password"``
    for the login form).  A single sign-on plugin returns its provider's
    end-session URL for its own method and ``None`` for the others.
    """
