"""Paths of routes without placeholders, generated once per application, and "is this page under that route?".

The layout and the plugins' menu and asset hooks ask on every page for the
same few fixed paths (home, log out, each plugin's section) and whether
the page being shown lies in a section.  A fixed route's path depends only
on the route and the application's path prefix (``SCRIPT_NAME``), so it is
generated once and remembered per prefix; a route with placeholders or a
pregenerator is generated every time, as ``request.route_path`` would.
"""
from __future__ import annotations

from pyramid.interfaces import IRoutesMapper

_REGISTRY_KEY = "cc.layout.route_paths"


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
