"""The desk's hook implementations (and nothing else)."""
from cc_core import api

from . import hookspecs
from .i18n import _


@api.hookimpl
def cc_configure(config):
    config.include("cc_desk", route_prefix="/desk")


@api.hookimpl
def cc_add_hookspecs(plugin_manager):
    plugin_manager.add_hookspecs(hookspecs)


@api.hookimpl
def cc_navigation(request):
    person = request.person
    if person is None or not person.is_staff:
        return []
    return [api.NavItem(label=_("Desk"), route="desk.persons", order=80, match_prefix="/desk", name="desk")]


@api.hookimpl
def cc_assets(request):
    route = request.matched_route
    if route is None or not route.name.startswith("desk."):
        return []
    return [api.Asset(url=request.static_path("cc_desk:static/desk.css"), kind="css", order=50)]
