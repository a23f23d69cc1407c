"""Security headers on every response, and a cap on request bodies.

The content security policy allows scripts, styles and images from this
site only, so an injected ``<script>`` or ``style=`` attribute does
nothing even if escaping were ever missed.

The two are separate tweens because they belong in different places.  The
headers go over everything, ``pyramid_tm`` included, so that every
response has them.  The size refusal goes under the exception view tween,
hence inside the transaction: its error page asks the database who is
logged in, and only there is that session's transaction ended.
"""
from __future__ import annotations

import io

from pyramid.httpexceptions import HTTPRequestEntityTooLarge
from pyramid.settings import asbool
from pyramid.tweens import EXCVIEW

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
       "base-uri 'self'; object-src 'none'")


#: Registry key of the other sites a form post may end up at (:func:`allow_form_target`).
FORM_TARGETS = "cc.csp.form_targets"


def allow_form_target(config, origin: str) -> None:
    """Let a form post of this portal be redirected to ``origin`` (``https://id.example``).

    Browsers apply the policy's ``form-action`` to every redirect that
    follows a form post, so a sign-in method whose login form or logout
    button ends at an identity provider names the provider's origin here,
    from its ``cc_configure``.
    """
    config.registry.setdefault(FORM_TARGETS, set()).add(origin)


def content_security_policy(registry) -> str:
    """:data:`CSP`, with the form targets plugins allowed."""
    targets = sorted(registry.get(FORM_TARGETS, ()))
    return CSP.replace("form-action 'self'", " ".join(["form-action 'self'", *targets])) if targets else CSP


def security_headers_tween_factory(handler, registry):
    settings = registry.settings
    force_hsts = asbool(settings.get("cc.hsts", False))
    csp = content_security_policy(registry)

    def tween(request):
        request.add_finished_callback(_close_request_files)
        response = handler(request)
        headers = response.headers
        headers.setdefault("Content-Security-Policy", csp)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if request.scheme == "https" or force_hsts:
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        if request.__dict__.get("person") is not None:
            headers.setdefault("Cache-Control", "private, no-store")
        return response

    return tween


def request_size_tween_factory(handler, registry):
    """Refuse a body larger than ``cc.max_request_bytes`` before a view parses it.

    Raising lets the exception view render the 413 page in the layout,
    inside the request's transaction.
    """
    max_body = int(registry.settings.get("cc.max_request_bytes", 25 * 1024 * 1024))

    def tween(request):
        length = request.content_length
        if length is not None and length > max_body:
            raise HTTPRequestEntityTooLarge()
        return handler(request)

    return tween


def _close_request_files(request) -> None:
    """Close the temporary files WebOb made for a large body or uploads.

    They would be closed when garbage-collected anyway; closing them when
    the request ends keeps file handles from piling up under load.
    """
    environ = request.environ
    if "webob._parsed_post_vars" in environ:
        for value in request.POST.values():
            file = getattr(value, "file", None)
            if file is not None:
                file.close()
    stream = environ.get("wsgi.input")
    if isinstance(stream, io.BufferedRandom):
        stream.close()


def includeme(config):
    config.add_tween("cc_core.headers.security_headers_tween_factory")
    config.add_tween("cc_core.headers.request_size_tween_factory", under=EXCVIEW)
