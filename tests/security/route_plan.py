"""Every route the portal serves, with what an attacker fills its placeholders with.

The plan is read from the application itself (its routes mapper and the
views' introspection), so a route a plugin adds tomorrow is attacked
without this file changing, as long as its placeholders are of a known
kind.  A placeholder of a new kind makes ``test_every_route_has_a_plan``
fail, naming the route: add a rule below.
"""
from __future__ import annotations

import dataclasses
import functools
import os

from pyramid.interfaces import IRoutesMapper

from .attack_tools import ALL_PLUGINS

#: Static assets are public files by design; path traversal into them is
#: among the malformed-input attacks.
STATIC_PREFIX = "__"

#: (route name prefixes, placeholder names) → the kind of value they take.
#: The first matching rule wins; no prefixes matches any route.
RULES = [
    (("requests.", "desk.request", "desk.attachment", "api.requests.", "api.desk."), {"id", "attachment_id"},
     "attachment"),
    (("requests.", "desk.request", "api.requests.", "api.desk."), {"id"}, "request"),
    (("desk.person",), {"id"}, "person"),
    (("desk.company",), {"id"}, "company"),
    (("faq.folder", "faq.manage.folder", "faq.manage.article.new", "api.faq.folder"), {"id"}, "folder"),
    (("faq.article", "faq.vote", "faq.manage.article", "api.faq.article", "api.faq.vote"), {"id"}, "article"),
    (("desk.failed_mail",), {"id"}, "job"),
    (("preferences.token",), {"id"}, "api_token"),
    ((), {"token"}, "token"),
    ((), {"kind"}, "kind"),
    (("oidc.",), {"provider"}, "provider"),
]

#: Kinds of values that belong to the target company, Example Ltd (or are
#: internal to its support staff): nobody else may see them.
FOREIGN_KINDS = {"attachment", "request", "person", "company", "folder", "article"}

#: SQL giving each kind's placeholder values, read from the demo data.
TARGET_COMPANY = "Example Ltd"
_ATTACHMENT = ("SELECT a.request_id, a.id FROM requests_attachment a JOIN requests_request r ON r.id = a.request_id "
               "JOIN cc_company c ON c.id = r.company_id WHERE c.name = :company ORDER BY a.id")
QUERIES = {
    "attachment": (_ATTACHMENT, ("id", "attachment_id")),
    "request": (_ATTACHMENT, ("id",)),
    "person": ("SELECT p.id FROM cc_person p JOIN cc_company c ON c.id = p.company_id WHERE c.name = :company "
               "AND p.is_staff = false ORDER BY p.id", ("id",)),
    "company": ("SELECT id FROM cc_company WHERE name = :company", ("id",)),
    "folder": ("SELECT id FROM faq_folder WHERE visibility = 'internal' ORDER BY id", ("id",)),
    "article": ("SELECT id FROM faq_article WHERE visibility = 'internal' ORDER BY id", ("id",)),
}
#: Kinds whose routes answer only staff, so any value serves (a failed job need not exist).
FIXED = {"token": {"token": "not-a-token.forged"}, "kind": {"kind": "reset"}, "job": {"id": "1"},
         # A provider's routes: the suite configures none, so any name is one the portal does not know.
         "provider": {"provider": "corp"},
         "api_token": {"id": "1"}}


@dataclasses.dataclass(frozen=True)
class Endpoint:
    """One route and one method, with the permission its view asks for."""

    route: str
    method: str
    permission: str
    placeholders: frozenset
    #: A JSON API operation open to readers without a token (the FAQ's, as its pages).
    anonymous: bool = False

    @property
    def kind(self) -> str | None:
        """The kind of value the placeholders take; ``None`` without placeholders."""
        if not self.placeholders:
            return None
        for prefixes, names, kind in RULES:
            if names == self.placeholders and (not prefixes or self.route.startswith(prefixes)):
                return kind
        raise LookupError(f"route {self.route} has placeholders {sorted(self.placeholders)} of no known kind")

    @property
    def unsafe(self) -> bool:
        return self.method != "GET"

    def __str__(self) -> str:
        return f"{self.method}-{self.route}"


def endpoints(app) -> list[Endpoint]:
    """Each (route, method) some view answers, from the app's registry."""
    registry = app.registry
    routes = {route.name: route for route in registry.getUtility(IRoutesMapper).get_routes()}
    open_operations = {("/api/v1" + e.path, e.method) for e in registry.get("cc.api", ((), ()))[0] if e.anonymous}
    found = {}
    for item in registry.introspector.get_category("views"):
        view = item["introspectable"]
        name = view["route_name"]
        if name is None or name.startswith(STATIC_PREFIX):
            continue
        permission = next((str(r["value"]) for r in item["related"] if r.category_name == "permissions"), "")
        methods = view["request_methods"] or ("GET", "POST")
        methods = (methods,) if isinstance(methods, str) else methods
        placeholders = frozenset(_placeholders(routes[name].pattern))
        for method in methods:
            if method == "HEAD":
                continue
            found.setdefault((name, method), Endpoint(name, method, permission, placeholders,
                                                      (routes[name].pattern, method) in open_operations))
    return [found[key] for key in sorted(found)]


def routes_of(app) -> set[str]:
    return {r.name for r in app.registry.getUtility(IRoutesMapper).get_routes()
            if not r.name.startswith(STATIC_PREFIX)}


def _placeholders(pattern: str) -> list[str]:
    names, depth, current = [], 0, ""
    for ch in pattern:
        if ch == "{":
            depth += 1
            if depth == 1:
                current = ""
                continue
        elif ch == "}":
            depth -= 1
            if depth == 0:
                names.append(current.split(":", 1)[0])
                continue
        if depth >= 1:
            current += ch
    return names


def placeholder_values(dbsession, kind: str | None) -> dict:
    """Values of ``kind`` for a route's placeholders, from the demo data."""
    import sqlalchemy as sa

    if kind is None:
        return {}
    if kind in FIXED:
        return FIXED[kind]
    sql, names = QUERIES[kind]
    row = dbsession.execute(sa.text(sql), {"company": TARGET_COMPANY}).first()
    assert row is not None, f"the demo data has no {kind} of {TARGET_COMPANY}"
    return dict(zip(names, row))


def path_of(app, endpoint: Endpoint, values: dict) -> str:
    route = app.registry.getUtility(IRoutesMapper).get_route(endpoint.route)
    return route.generate(values)


@functools.lru_cache(maxsize=1)
def collection_app():
    """The portal with every plugin, built once while the tests are collected.

    Only its routes and views are read; it never touches a database.
    """
    from cc_core import make_app
    from cc_core.plugins import build_plugin_manager
    from cc_core.testing import DEFAULT_SETTINGS, ini_settings

    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    settings = {**DEFAULT_SETTINGS, **ini_settings(root), "sqlalchemy.url": "sqlite://"}
    return make_app(settings, plugin_manager=build_plugin_manager(settings, only=ALL_PLUGINS))
