"""Hook implementations of the preferences plugin (nothing else lives here)."""
from cc_core import api

from . import hookspecs
from .i18n import _


cc_configure = api.include_package_hook("cc_preferences", route_prefix="/preferences")
cc_add_hookspecs = api.add_hookspecs_hook(hookspecs)


@api.hookimpl
def cc_user_menu(request):
    """"Preferences" beside the person's name, where people look for their profile."""
    return [api.NavItem(label=_("Preferences"), route="preferences", order=50, name="preferences",
                        language_anchor="preferences-language")]


@api.hookimpl
def cc_assets(request):
    if not api.is_under(request, "preferences"):
        return []
    return [api.Asset(url=request.static_path("cc_preferences:static/preferences.css"), kind="css", order=50)]


@api.hookimpl
def cc_api_endpoints(settings):
    from .api_endpoints import endpoints

    return endpoints()
