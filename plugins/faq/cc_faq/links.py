"""Paths of the FAQ's folders and articles, for pages that link many of them.

``request.route_path`` looks the route up, generates its pattern and
quotes every part, dozens of function calls per link; the index, an
article's related questions and a folder's list make one per row.  The
path of a route whose one placeholder is an id differs from row to row
only in the id, so it is generated once per application (and path
prefix) around a marker, and each link is the id put between the two
halves.
"""
from __future__ import annotations

_KEY = "cc_faq.id_paths"
#: An id no row has; only digits, so generating it quotes nothing.
_MARKER = "918273645"


def id_path(request, route: str, id: int) -> str:
    """``request.route_path(route, id=id)`` for one of the FAQ's routes whose only placeholder is ``{id}``."""
    halves = request.registry.get(_KEY, {}).get((route, request.script_name))
    if halves is None:
        halves = _halves(request, route)
    return f"{halves[0]}{int(id)}{halves[1]}"


def _halves(request, route: str) -> tuple[str, str]:
    generated = request.route_path(route, id=_MARKER)
    before, found, after = generated.partition(_MARKER)
    if not found or _MARKER in after:
        raise ValueError(f"the route {route!r} does not put its id in the path once")
    halves = (before, after)
    request.registry.setdefault(_KEY, {})[(route, request.script_name)] = halves
    return halves


def article_path(request, article_id: int) -> str:
    return id_path(request, "faq.article", article_id)


def folder_path(request, folder_id: int) -> str:
    return id_path(request, "faq.folder", folder_id)
