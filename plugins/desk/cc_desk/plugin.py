"""The desk's hook implementations (and nothing else)."""
from cc_core import api

from . import hookspecs
from .i18n import _

#: The desk works the requests plugin's requests; it cannot run without it.
REQUIRES = "requests"


@api.hookimpl
def cc_configure(config):
    plugin_manager = api.plugin_manager(config)
    if plugin_manager.get_plugin(REQUIRES) is None:
        raise RuntimeError("the desk plugin needs the requests plugin: enable 'requests' or disable 'desk'")
    config.include("cc_desk", route_prefix="/desk")


cc_add_hookspecs = api.add_hookspecs_hook(hookspecs)
cc_migration_locations = api.migrations_hook("cc_desk")


@api.hookimpl
def cc_navigation(request):
    person = request.person
    if person is None or not person.is_staff:
        return []
    return [api.NavItem(label=_("Desk"), route="desk.queue", order=80, match_prefix="/desk", name="desk")]


@api.hookimpl
def cc_assets(request):
    route = request.matched_route
    if route is None or not route.name.startswith("desk."):
        return []
    return [api.Asset(url=request.static_path("cc_desk:static/desk.css"), kind="css", order=50)]


@api.hookimpl(optionalhook=True)
def cc_requests_on_status_changed(request, req, old_status, new_status):
    """Every status change goes into the request's history, the customer's closing and reopening too."""
    from .tickets import record

    record(request.dbsession, req.id, request.person, "status", old_status, new_status)


@api.hookimpl(trylast=True)
def cc_seed(engine, settings, sizes):
    """Assignments over the benchmark requests (after the requests plugin's share)."""
    from .seed import seed

    seed(engine, sizes)


@api.hookimpl(wrapper=True)
def cc_demo_data(dbsession, settings):
    """Runs around the other plugins' demo data: the desk's needs their requests."""
    result = yield
    from .demo import create_demo

    create_demo(dbsession)
    return result


@api.hookimpl
def cc_api_endpoints(settings):
    from .staff_api import endpoints

    return endpoints()
