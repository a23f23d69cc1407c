"""The core's own hook implementations, registered like any plugin's."""
from .i18n import _
from .layout import NavItem
from pluggy import HookimplMarker

hookimpl = HookimplMarker("cc")


@hookimpl
def cc_navigation(request):
    return [NavItem(label=_("Home"), route="home", order=0, match_prefix="/", name="home")]


@hookimpl
def cc_migration_locations():
    return ["cc_core:migrations/versions"]


@hookimpl
def cc_demo_data(dbsession, settings):
    from .demo import create_core_demo

    create_core_demo(dbsession)
