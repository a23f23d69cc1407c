"""Hook implementations of the requests plugin (nothing else lives here)."""
import colander

from cc_core import api

from . import hookspecs
from .i18n import _

cc_configure = api.include_package_hook("cc_requests", route_prefix="/requests")
cc_add_hookspecs = api.add_hookspecs_hook(hookspecs)
cc_migration_locations = api.migrations_hook("cc_requests")


@api.hookimpl
def cc_person_columns():
    """The menu's count of open requests, read with the person on every page (no query of its own)."""
    from .listing import OPEN_COUNT, open_count_column

    return [api.PersonColumn(OPEN_COUNT, open_count_column())]


@api.hookimpl
def cc_navigation(request):
    """"My requests", with how many of the person's requests are open."""
    person = request.person
    if person is None:
        return []
    from .listing import OPEN_COUNT, badge_text, open_count

    count = api.person_value(request, OPEN_COUNT)
    if count is None:
        count = open_count(request.dbsession, person)
    return [api.NavItem(label=_("My requests"), route="requests.list", order=20, name="requests",
                        badge=badge_text(count))]


@api.hookimpl
def cc_home_panels(request):
    person = request.person
    if person is None:
        return []
    from .listing import latest
    requests = latest(request.dbsession, person, api.PANEL_ITEMS)
    return [api.Panel(title=_("Your latest requests"), template="cc_requests:templates/panel.pt",
                      values=(("requests", requests),), order=20, name="requests")]


@api.hookimpl
def cc_home_actions(request):
    """The home page's main button (visitors are asked to log in first)."""
    return [api.NavItem(label=_("New request"), route="requests.new", order=10, name="new-request")]


@api.hookimpl
def cc_search_sections(request, text, limit, typing):
    """The visitor's own requests (or the company's, with company access) matching ``text``."""
    if request.person is None:
        return []
    from .search import matching_requests

    found, more = matching_requests(request.dbsession, request.person, text, limit)
    hits = tuple(api.SearchHit(title=f"#{req_id} {title}", url=request.route_path("requests.view", id=req_id))
                 for req_id, title in found)
    more_url = request.route_path("requests.list", _query={"status": "all", "q": text}) if more else None
    return [api.SearchSection(title=_("Your requests"), hits=hits, more_url=more_url, order=30, name="requests")]


@api.hookimpl
def cc_assets(request):
    if not api.is_under(request, "requests.list", or_home=True):
        return []
    assets = [api.Asset(url=request.static_path("cc_requests:static/requests.css"), kind="css", order=20)]
    if request.matched_route is not None and request.matched_route.name == "requests.new":
        assets.append(api.Asset(url=request.static_path("cc_core:static/suggest.js"), kind="js", order=20))
        assets.append(api.Asset(url=request.static_path("cc_requests:static/questions.js"), kind="js", order=21))
    return assets


@api.hookimpl(trylast=True)
def cc_demo_data(dbsession, settings):
    """Runs after the other plugins' (the core's included): it needs the demo persons."""
    from .demo import create_demo

    create_demo(dbsession, settings)


@api.hookimpl(optionalhook=True)
def cc_preferences_fields(request, person):
    from .request_page import NEWEST, OLDEST, ORDER_PREFERENCE, default_order

    order = colander.SchemaNode(
        colander.String(), name=ORDER_PREFERENCE, title=_("Order of messages in a request"), widget="radio",
        choices=((OLDEST, _("Oldest first")), (NEWEST, _("Newest first"))),
        validator=colander.OneOf([OLDEST, NEWEST]), default=default_order(request.registry.settings),
        missing=default_order(request.registry.settings))
    notify = colander.SchemaNode(
        colander.Boolean(), name="requests_notify_on_reply", widget="checkbox", default=True, missing=False,
        title=_("E-mail me when support answers one of my requests"))
    return [api.PreferenceGroup(name="requests", title=_("Requests"), nodes=(order, notify), order=20)]


@api.hookimpl(optionalhook=True)
def cc_preferences_export(request, person):
    from .export import export_messages_elsewhere, export_requests

    return {"requests": export_requests(request.dbsession, person),
            "requests_messages_elsewhere": export_messages_elsewhere(request.dbsession, person)}


@api.hookimpl
def cc_seed_counts():
    from .seed import MESSAGES_PER_REQUEST, REQUESTS

    return [REQUESTS, MESSAGES_PER_REQUEST]


@api.hookimpl
def cc_seed(engine, settings, sizes):
    """The benchmark data set of ``cc seed``: requests and their threads (see :mod:`.seed`)."""
    from .seed import seed

    seed(engine, sizes)


@api.hookimpl
def cc_referenced_files(dbsession):
    """Every attachment's stored file: the orphan sweep must keep them."""
    from .attachments import referenced_keys

    return referenced_keys(dbsession)


@api.hookimpl
def cc_mail_received(request, mail, sender):
    """Answers to a request's reply address, and new requests mailed to support (docs/email.md)."""
    from .mail_in import handle

    return handle(request, mail, sender)


@api.hookimpl
def cc_api_endpoints(settings):
    from .api_endpoints import endpoints

    return endpoints()
