"""What every page gets: the layout macro, menus, messages and assets.

Templates never load ``framework.html`` themselves; a ``BeforeRender``
subscriber hands them ``layout`` through the renderer, which honours asset
overrides, so a theme's ``framework.html`` replaces the stock one
everywhere.  The stock layout stays reachable as ``stock_layout`` (read by
file path, which no override touches) so a theme can extend it.
"""
from __future__ import annotations

import dataclasses
import os

from chameleon import PageTemplateFile
from pyramid.events import BeforeRender
from pyramid.renderers import get_renderer

from .collectors import collect
from .route_paths import fixed_path

LAYOUT = "cc_core:templates/framework.html"
FORM_MACROS = "cc_core:templates/forms.pt"
WIDGET_MACROS = "cc_core:templates/widgets.pt"
_STOCK_LAYOUT_PATH = os.path.join(os.path.dirname(__file__), "templates", "framework.html")
#: Set in the WSGI environ when the page must render without the database (:func:`render_without_database`).
WITHOUT_DATABASE = "cc.layout.without_database"


@dataclasses.dataclass(frozen=True)
class NavItem:
    """An entry of the main menu.

    ``route`` names the Pyramid route the item links to (its URL is built
    for each request); ``match_prefix`` decides when the item is shown as
    the current page; ``badge`` is a short count shown beside the label.
    ``language_anchor``, on a user-menu item, names the element of that
    page where a logged-in person sets their language: the layout then
    links there instead of offering a switch of its own, so the language
    has one place.
    """

    label: str
    route: str
    order: int = 100
    match_prefix: str | None = None
    badge: str | None = None
    name: str = ""
    language_anchor: str | None = None


#: How many entries a home panel that lists things shows (latest requests,
#: most read articles): the panels stand side by side and line up.
PANEL_ITEMS = 5


@dataclasses.dataclass(frozen=True)
class Panel:
    """A box on the home page: a template rendered with ``values``."""

    title: str
    template: str
    order: int = 100
    values: tuple = ()
    name: str = ""


@dataclasses.dataclass(frozen=True)
class Asset:
    """An extra stylesheet (``kind='css'``) or script (``kind='js'``)."""

    url: str
    kind: str = "css"
    order: int = 100


@dataclasses.dataclass(frozen=True)
class PreferenceGroup:
    """A fieldset of preference fields a plugin adds to the preferences page.

    ``nodes`` are colander schema nodes; each value is stored with
    ``Person.set_preference(node.name, value)``, so name them with the
    plugin's prefix (``requests_message_order``).  ``node.default`` is the
    value shown until the person chooses.
    """

    name: str
    title: str
    nodes: tuple
    order: int = 100


class LayoutHelpers:
    """Lazily computed, per-request values the layout template shows."""

    def __init__(self, request):
        self.request = request
        self._nav = None
        self._user_menu = None
        self._assets = None

    @property
    def navigation(self) -> list[dict]:
        if self._nav is None:
            self._nav = [] if self.offline else self._links(self._collect("cc_navigation"))
        return self._nav

    @property
    def user_menu(self) -> list[dict]:
        """The logged-in person's links beside their name (``cc_user_menu``); none for visitors."""
        if self._user_menu is None:
            shown = not self.offline and self.request.person is not None
            self._user_menu = self._links(self._collect("cc_user_menu")) if shown else []
        return self._user_menu

    @property
    def offline(self) -> bool:
        """True when the page renders without the database: it calls no plugin
        (no menus, no extra assets) and shows no user menu."""
        return bool(self.request.environ.get(WITHOUT_DATABASE))

    def _collect(self, hook_name: str) -> list:
        # One plugin whose hook raises is left out; the page still renders.
        return collect(self.request.registry["cc.plugin_manager"], hook_name, request=self.request)

    def path(self, route: str) -> str:
        """The path of a route without placeholders, generated once per application (:mod:`.route_paths`)."""
        return fixed_path(self.request, route)

    def _links(self, items) -> list[dict]:
        """:class:`NavItem` items as the layout shows them, the current one marked."""
        request = self.request
        path = request.path
        links = []
        for item in items:
            url = self.path(item.route)
            prefix = item.match_prefix or url
            current = path == url or (prefix != "/" and path.startswith(prefix.rstrip("/") + "/")) or path == prefix
            links.append({"label": item.label, "url": url, "current": current, "badge": item.badge,
                          "name": item.name or item.route, "language_anchor": item.language_anchor})
        return links

    @property
    def assets(self) -> list[Asset]:
        # The layout reads this twice (stylesheets in the head, scripts at
        # the end): ask the plugins once.
        if self._assets is None:
            self._assets = [] if self.offline else self._collect("cc_assets")
        return self._assets

    @property
    def flashes(self) -> list[tuple[str, str]]:
        session = self.request.session
        messages = []
        for kind in ("success", "info", "warning", "error"):
            # Peek first: popping marks the session changed even when the
            # queue is empty, and a changed session is signed and sent back
            # as a new cookie with every page.
            if session.peek_flash(kind):
                messages.extend((kind, message) for message in session.pop_flash(kind))
        return messages

    @property
    def language_page(self) -> str | None:
        """Where a logged-in person changes their language, when a user-menu page offers it; else ``None``."""
        for item in self.user_menu:
            if item["language_anchor"]:
                return f"{item['url']}#{item['language_anchor']}"
        return None

    @property
    def languages(self) -> list[tuple[str, str]]:
        from .i18n import LANGUAGE_NAMES, available_languages

        return [(code, LANGUAGE_NAMES.get(code, code)) for code in available_languages(self.request.registry.settings)]

    @property
    def login_links(self) -> list[tuple[str, str]]:
        """Links under the login form, for the account pages that exist."""
        from pyramid.interfaces import IRoutesMapper

        from .i18n import _

        mapper = self.request.registry.getUtility(IRoutesMapper)
        candidates = (("password_forgot", _("Forgot your password?")), ("login_link", _("E-mail me a login link")),
                      ("register", _("Create an account")))
        return [(label, self.request.route_path(route)) for route, label in candidates if mapper.get_route(route)]

    @property
    def site_name(self) -> str:
        return self.request.registry.settings.get("cc.site_name", "Customer Centre")


def render_without_database(request) -> None:
    """Have this request's page rendered without asking the database anything.

    For the page that says the database is unavailable, and for an error
    page rendered after the request's transaction ended (its commit
    failed), where a query would open a transaction nobody ends.  Who is
    logged in is not looked up: the page shows neither their name nor a
    "Log in" link, and no plugin is asked for menus or assets.
    """
    request.environ[WITHOUT_DATABASE] = True
    request.__dict__["person"] = None


def flash(request, message, kind: str = "success") -> None:
    """Show ``message`` on the next page (kinds: success, info, warning, error)."""
    request.session.flash(request.localizer.translate(message), queue=kind)


def add_renderer_globals(event):
    request = event.get("request")
    if request is None or "layout" in event:
        return
    event["layout"] = template(request, LAYOUT)
    event["stock_layout"] = _stock_layout()
    event["forms"] = template(request, FORM_MACROS)
    event["widgets"] = template(request, WIDGET_MACROS)
    event["ui"] = LayoutHelpers(request)
    event["_"] = request.localizer.translate
    event["fmt"] = request.fmt


_stock = {}


_TEMPLATES = "cc.layout.templates"


def template(request, spec: str):
    """The Chameleon template of ``spec`` (honouring asset overrides), looked up once.

    Every page renders the layout and hands it the shared macros; looking
    each up through ``get_renderer`` builds a renderer helper and asks the
    renderer factory every time.  Overrides are fixed at start-up, so the
    template found is remembered per application, unless templates are
    reloaded (``pyramid.reload_templates``, development) or there is no
    request (a template rendered outside one), where it is looked up every
    time as before.
    """
    registry = getattr(request, "registry", None)
    if registry is None or registry.settings.get("pyramid.reload_templates"):
        return get_renderer(spec).implementation()
    templates = registry.setdefault(_TEMPLATES, {})
    found = templates.get(spec)
    if found is None:
        found = templates[spec] = get_renderer(spec).implementation()
    return found


def _stock_layout():
    if "layout" not in _stock:
        _stock["layout"] = PageTemplateFile(_STOCK_LAYOUT_PATH)
    return _stock["layout"]


def includeme(config):
    config.include("pyramid_chameleon")
    # pyramid_chameleon registers .pt and .txt only; the layout keeps the
    # .html name installers know, so register it too.
    config.add_renderer(".html", "pyramid_chameleon.zpt.renderer_factory")
    config.add_subscriber(add_renderer_globals, BeforeRender)
    config.add_static_view("static", "cc_core:static/", cache_max_age=3600)
