"""Paths of routes generated once per application, and "is this page under that route?".

The layout and the plugins' menu and asset hooks ask on every page for the
same few fixed paths (home, log out, each plugin's section) and whether
the page being shown lies in a section.  A fixed route's path depends only
on the route and the application's path prefix (``SCRIPT_NAME``), so it is
generated once and remembered per prefix; a route with placeholders or a
pregenerator is generated every time, as ``request.route_path`` would.

Lists link many rows through one route whose only placeholder is an id
(``/faq/articles/{id}``); such a path differs from row to row only in the
id, so :func:`id_path` generates it once around a marker and puts each
row's id between the two halves.
"""
from __future__ import annotations

from pyramid.interfaces import IRoutesMapper

_REGISTRY_KEY = "cc.layout.route_paths"
_ID_PATHS_KEY = "cc.id_route_paths"
#: An id generated in place of a row's: digits only, so nothing in it is quoted.
_ID_MARKER = "918273645"


def fixed_path(request, route: str) -> str:
    """``request.route_path(route)``, remembered when the route has no placeholders."""
    paths = request.registry.setdefault(_REGISTRY_KEY, {})
    key = (route, request.script_name)
    found = paths.get(key)
    if found is None:
        found = request.route_path(route)
        if is_fixed_route(request.registry, route):
            paths[key] = found
    return found


def id_path(request, route: str, id: int) -> str:
    """``request.route_path(route, id=id)`` for a route whose one placeholder is ``id``, without the router.

    Generated once per application and path prefix; a route that has a
    pregenerator, or does not put the id in its path exactly once, is
    generated every time.
    """
    key = (route, request.script_name)
    halves = request.registry.get(_ID_PATHS_KEY, {}).get(key)
    if halves is None:
        mapped = request.registry.getUtility(IRoutesMapper).get_route(route)
        if mapped is None or mapped.pregenerator is not None:
            return request.route_path(route, id=id)
        before, marked, after = request.route_path(route, id=_ID_MARKER).partition(_ID_MARKER)
        if not marked or _ID_MARKER in after:
            return request.route_path(route, id=id)
        halves = request.registry.setdefault(_ID_PATHS_KEY, {})[key] = (before, after)
    return f"{halves[0]}{int(id)}{halves[1]}"


def is_fixed_route(registry, name: str) -> bool:
    """Whether route ``name``'s path is always the same (it exists, has no placeholders, no pregenerator)."""
    route = registry.getUtility(IRoutesMapper).get_route(name)
    return route is not None and route.pregenerator is None and not any(c in route.pattern for c in "{*")


def is_under(request, route: str, *, or_home: bool = False) -> bool:
    """Whether the page asked for is route ``route``'s page or a page below it.

    ``/faq`` and ``/faq/articles/7`` are under ``faq.index`` (path
    ``/faq``); ``/faqs`` is not.  With ``or_home`` the home page counts
    too, for a section that shows a panel there.  Plugins use it to add
    their stylesheet only where their pages are.
    """
    path = request.path
    prefix = fixed_path(request, route)
    if path == prefix or path.startswith(prefix.rstrip("/") + "/"):
        return True
    return or_home and path == fixed_path(request, "home")
