"""What every desk page shares: the desk menu and the desk's macros.

Desk templates get ``desk`` (the macros of ``templates/macros.pt``) and
``desk_menu`` (the menu items, the desk's own merged with those other
plugins add through ``cc_desk_navigation``) from a ``BeforeRender``
subscriber, the same way the core hands out its layout, so a theme can
override the macros.
"""
from __future__ import annotations

from pyramid.events import BeforeRender
from pyramid.renderers import get_renderer

from cc_core import api

from .i18n import _

MACROS = "cc_desk:templates/macros.pt"


def desk_menu(request) -> list[dict]:
    items = [
        api.NavItem(label=_("Queue"), route="desk.queue", order=10, match_prefix="/desk/requests", name="queue"),
        api.NavItem(label=_("Customers"), route="desk.persons", order=20, match_prefix="/desk/customers",
                    name="customers"),
        api.NavItem(label=_("Companies"), route="desk.companies", order=30, match_prefix="/desk/companies",
                    name="companies"),
        api.NavItem(label=_("Failed mail"), route="desk.failed_mail", order=40, match_prefix="/desk/failed-mail",
                    name="failed-mail"),
    ]
    for result in api.plugin_manager(request).hook.cc_desk_navigation(request=request):
        items.extend(result or [])
    items.sort(key=lambda item: (item.order, str(item.label)))
    path = request.path
    menu = []
    for item in items:
        url = request.route_path(item.route)
        prefix = (item.match_prefix or url).rstrip("/")
        current = path == url or path == prefix or path.startswith(prefix + "/")
        menu.append({"label": item.label, "url": url, "current": current, "name": item.name or item.route})
    return menu


def add_desk_globals(event):
    request = event.get("request")
    name = event.get("renderer_name") or ""
    if request is None or not name.startswith("cc_desk:") or "/mail/" in name:
        return
    event["desk"] = get_renderer(MACROS).implementation()
    event["desk_menu"] = desk_menu(request)


def includeme(config):
    config.add_subscriber(add_desk_globals, BeforeRender)
