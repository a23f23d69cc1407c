"""Refuse a request the portal cannot read, with the 400 page, before any view runs.

A request whose path or query string is not UTF-8, whose query holds a
control character, or whose form body cannot be parsed (``multipart``
without a boundary, say) would otherwise fail deep inside a view or the
database, as a 500, or as a NUL that PostgreSQL refuses while SQLite
stores it.  Checking here, once, covers every route of every plugin,
including the ones written later: a view reads ``request.GET`` knowing
each value is text without control characters.

The 400 page is rendered in the layout, which reads the request's path;
so the refused path and query are first replaced with readable ones.
"""
from __future__ import annotations

import logging
import re
from urllib.parse import quote, unquote_to_bytes

from pyramid.httpexceptions import HTTPBadRequest
from pyramid.tweens import EXCVIEW

from .control_chars import has_control

log = logging.getLogger("cc_core.input_guard")

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _wsgi_bytes(text: str) -> bytes:
    """A WSGI environ string back to the bytes the client sent (PEP 3333: Latin-1)."""
    return text.encode("latin-1")


def path_problem(environ) -> str | None:
    """Why the path cannot be routed (not UTF-8, a control character), or ``None``."""
    try:
        path = _wsgi_bytes(environ.get("PATH_INFO", "")).decode("utf-8")
    except (UnicodeDecodeError, UnicodeEncodeError):
        return "path is not UTF-8"
    if has_control(path):
        return "control character in path"
    return None


def query_problem(environ) -> str | None:
    """Why a query parameter (name or value) cannot be read as text, or ``None``.

    Parsed here from the raw bytes, as WebOb will, because ``request.GET``
    itself raises on bytes that are not UTF-8.
    """
    try:
        raw = _wsgi_bytes(environ.get("QUERY_STRING", ""))
        texts = [unquote_to_bytes(part.replace(b"+", b" ")).decode("utf-8")
                 for field in re.split(b"[&;]", raw) for part in field.split(b"=", 1)]
    except (UnicodeDecodeError, UnicodeEncodeError):
        return "query string is not UTF-8"
    if any(has_control(text) for text in texts):
        return "control character in query string"
    return None


def body_problem(request) -> str | None:
    """Whether a form body cannot be parsed: its framing, not its fields (the forms check those)."""
    if request.content_type not in FORM_TYPES or request.method not in ("POST", "PUT", "PATCH"):
        return None
    try:
        request.POST
    except (ValueError, UnicodeDecodeError, KeyError, IndexError, EOFError) as exc:
        return f"form body cannot be parsed ({exc.__class__.__name__})"
    return None


def make_readable(request) -> None:
    """Replace what was refused, so the 400 page (and its log line) can read the request."""
    environ = request.environ
    path = _wsgi_bytes(environ.get("PATH_INFO", "")).decode("utf-8", "replace")
    environ["PATH_INFO"] = quote(path, safe="/").encode("ascii").decode("latin-1")
    environ["QUERY_STRING"] = ""
    environ["CONTENT_TYPE"] = "application/octet-stream"
    environ.pop("webob._parsed_post_vars", None)


def input_guard_tween_factory(handler, registry):
    def tween(request):
        environ = request.environ
        problem = path_problem(environ) or query_problem(environ) or body_problem(request)
        if problem is None:
            return handler(request)
        log.info("refused %s request: %s", request.method, problem)
        make_readable(request)
        try:
            raise HTTPBadRequest()
        except HTTPBadRequest:
            return request.invoke_exception_view()

    return tween


def includeme(config):
    # Inside the transaction (the 400 page looks up who is logged in, and
    # that read must end with the request), before the routes and views.
    config.add_tween("cc_core.input_guard.input_guard_tween_factory",
                     under="pyramid_tm.tm_tween_factory", over=EXCVIEW)
