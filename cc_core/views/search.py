"""``/search``: the home page's search, and what it suggests while typing.

Both are plain GETs that change nothing, answered for visitors too: a
logged-out visitor finds the public articles, a customer also finds
their own requests (each plugin decides what a viewer may see).
"""
from pyramid.view import view_config

from .. import site_search
from ..collectors import collect

#: Hits per section on the results page, and while typing.
PAGE_HITS = 8
SUGGESTION_HITS = 4


@view_config(route_name="search", renderer="cc_core:templates/search.pt", permission="public",
             request_method="GET")
def search_page(request):
    text = site_search.query_text(request)
    return {"q": text, "sections": site_search.sections(request, text, limit=PAGE_HITS),
            "actions": home_actions(request)}


@view_config(route_name="search.suggestions", renderer="json", permission="public", request_method="GET")
def suggestions(request):
    """JSON for the script of the home page's search box (the box works without it)."""
    text = site_search.query_text(request)
    found = site_search.sections(request, text, limit=SUGGESTION_HITS, typing=True) \
        if len(text) >= 2 else []
    translate = request.localizer.translate
    return {"q": text, "sections": [
        {"title": translate(section.title), "more_url": section.more_url, "suggestion": section.suggestion,
         "hits": [{"title": hit.title, "url": hit.url, "snippet": hit.snippet} for hit in section.hits]}
        for section in found]}


def home_actions(request) -> list[dict]:
    """The buttons of ``cc_home_actions`` (the first is the page's main one)."""
    return [{"label": item.label, "url": request.route_path(item.route), "name": item.name or item.route}
            for item in collect(request.registry["cc.plugin_manager"], "cc_home_actions", request=request)]
