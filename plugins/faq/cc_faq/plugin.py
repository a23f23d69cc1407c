"""Hook implementations of the FAQ plugin (nothing else lives here)."""
from cc_core import api

from . import hookspecs
from .desk import cc_desk_navigation, cc_desk_publish_to_faq  # noqa: F401 - the desk's hooks
from .i18n import _

cc_configure = api.include_package_hook("cc_faq", route_prefix="/faq")
cc_add_hookspecs = api.add_hookspecs_hook(hookspecs)
cc_migration_locations = api.migrations_hook("cc_faq")


@api.hookimpl
def cc_navigation(request):
    return [api.NavItem(label=_("FAQ"), route="faq.index", order=30, name="faq")]


@api.hookimpl
def cc_home_panels(request):
    from . import access, reads

    articles = reads.most_read(request.dbsession, access.viewer_level(request), api.PANEL_ITEMS)
    return [api.Panel(title=_("Most read in the FAQ"), template="cc_faq:templates/panel.pt",
                      values=(("articles", articles),), order=40, name="faq")]


@api.hookimpl
def cc_search_sections(request, text, limit, typing):
    """The articles the visitor may see, for the portal-wide search."""
    from . import access
    from .languages import reading_language
    from .search import search

    result = search(request.dbsession, text, access.viewer_level(request), limit=limit, typing=typing,
                    any_term=typing, language=reading_language(request))
    hits = tuple(api.SearchHit(title=hit.question, url=request.route_path("faq.article", id=hit.id),
                               snippet=hit.snippet_text) for hit in result.hits)
    more_url = request.route_path("faq.search", _query={"q": text}) if result.has_more else None
    return [api.SearchSection(title=_("Help articles"), hits=hits, more_url=more_url, order=20, name="faq",
                              suggestion=result.suggestion)]


@api.hookimpl
def cc_assets(request):
    if not api.is_under(request, "faq.index", or_home=True):
        return []
    return [api.Asset(url=request.static_path("cc_faq:static/faq.css"), kind="css", order=40)]


@api.hookimpl
def cc_demo_data(dbsession, settings):
    from .demo import create_demo

    create_demo(dbsession)


@api.hookimpl
def cc_seed_counts():
    from .seed import ARTICLES, FOLDERS

    return [FOLDERS, ARTICLES]


@api.hookimpl
def cc_seed(engine, settings, sizes):
    from .seed import ARTICLES, FOLDERS, seed

    seed(engine, folders=sizes.of(FOLDERS), articles=sizes.of(ARTICLES), random_seed=sizes.random_seed)


@api.hookimpl
def cc_cli_commands(subparsers):
    from .transfer.cli import add_commands

    add_commands(subparsers)


@api.hookimpl(optionalhook=True)
def cc_requests_suggestions(request, text, limit):
    """FAQ articles for the text typed into the new-request form."""
    from . import access
    from .search import suggestions

    return suggestions(request, text, limit, access.viewer_level(request))


@api.hookimpl
def cc_api_endpoints(settings):
    from .api_endpoints import endpoints

    return endpoints()


@api.hookimpl(optionalhook=True)
def cc_preferences_export(request, person):
    """The person's "was this helpful?" answers, for the download of their data."""
    from .votes import votes_of

    return {"faq_votes": votes_of(request.dbsession, person)}
