"""The FAQ's pages: index, folder, article (with its vote form) and search.

Every route is public; what a page shows is limited to the viewer's level
(:mod:`.access`), and a folder or article above it answers 404, exactly as
one that does not exist.
"""
from __future__ import annotations

from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.interfaces import IRoutesMapper
from pyramid.view import view_config

from cc_core import api

from . import access, counters, languages, markup, reads, votes
from .forms import VoteForm
from .search import DEFAULT_LIMIT, search

FOLDER_PAGE_SIZE = 50
MAX_PAGE = 50
NEW_REQUEST_PATH = "/requests/new"
#: The longest title carried to the new-request form (its own limit).
MAX_TITLE = 200
_NEW_REQUEST_ROUTE = "cc_faq.new_request_route"


def page_number(request) -> int:
    try:
        return max(1, min(int(request.params.get("page", 1)), MAX_PAGE))
    except (TypeError, ValueError):
        return 1


def new_request_url(request, title: str = "") -> str | None:
    """The new-request form's URL when a plugin serves it (ARCHITECTURE §4), with ``title`` to start from."""
    route = _new_request_route(request.registry)
    if route is None:
        return None
    title = " ".join(title.split())[:MAX_TITLE]
    return request.route_path(route, _query={"title": title} if title else None)


def _new_request_route(registry) -> str | None:
    """The name of the route that serves the new-request form, looked up once per application.

    Route patterns are stored as registered: with a route prefix they have
    no leading slash (``requests/new``), so both ends are trimmed before
    comparing.  The routes are fixed once the application is built.
    """
    try:
        return registry[_NEW_REQUEST_ROUTE]
    except KeyError:
        pass
    found = None
    for route in registry.getUtility(IRoutesMapper).get_routes():
        if "/" + route.pattern.strip("/") == NEW_REQUEST_PATH:
            found = route.name
            break
    registry[_NEW_REQUEST_ROUTE] = found
    return found


@view_config(route_name="faq.index", renderer="cc_faq:templates/index.pt", permission="public")
def index(request):
    lists = reads.index_lists(request.dbsession, access.viewer_level(request))
    return {"folders": lists.folders, "most_read": lists.most_read, "latest": lists.latest}


@view_config(route_name="faq.folder", renderer="cc_faq:templates/folder.pt", permission="public")
def folder(request):
    level = access.viewer_level(request)
    dbsession = request.dbsession
    current = reads.visible_folder(dbsession, api.matched_id(request), level)
    if current is None:
        raise HTTPNotFound()
    page = page_number(request)
    rows = reads.folder_articles(dbsession, current.id, level, FOLDER_PAGE_SIZE + 1,
                                   (page - 1) * FOLDER_PAGE_SIZE)
    return {"folder": current, "breadcrumbs": reads.breadcrumbs(dbsession, current.id)[:-1],
            "subfolders": reads.subfolders(dbsession, current.id, level),
            "articles": rows[:FOLDER_PAGE_SIZE], "page": page, "has_more": len(rows) > FOLDER_PAGE_SIZE}


def _article_or_404(request):
    article = reads.visible_article(request.dbsession, api.matched_id(request),
                                      access.viewer_level(request))
    if article is None:
        raise HTTPNotFound()
    return article


def _page_row(request, article_id: int, level: int, language: str | None):
    """The article as its page shows it (:func:`.reads.article_page`), or ``None``."""
    return reads.article_page(request.dbsession, article_id, level, language, votes.voter_key(request))


def _vote_form(request, article, row=None) -> VoteForm:
    """The vote form on the article's page; ``row`` is the page's row when already read."""
    def page_values():
        level = access.viewer_level(request)
        language = languages.reading_language(request)
        # A vote refused with its page shown again reads the page afresh.
        page = row if row is not None else _page_row(request, article.id, level, language)
        crumbs, related = reads.article_surroundings(request.dbsession, page.id, page.folder_id, level)
        shown = languages.shown_row(request, page, language)
        return {"article": page, "shown": shown, "answer_html": markup.render(shown.answer),
                "breadcrumbs": crumbs, "related": related, "my_vote": page.my_vote,
                "new_request_url": new_request_url(request)}

    return VoteForm(request, article, page_values)


@view_config(route_name="faq.article", request_method=("GET", "HEAD"), permission="public")
def article(request):
    row = _page_row(request, api.matched_id(request), access.viewer_level(request),
                    languages.reading_language(request))
    if row is None:
        raise HTTPNotFound()
    if request.method == "GET":
        counters.count_view(request, row.id)
    return api.process_form(_vote_form(request, row, row))


@view_config(route_name="faq.vote", request_method="POST", permission="public")
def vote(request):
    form = _vote_form(request, _article_or_404(request))
    response = api.process_form(form)
    if form.new_token is not None:
        votes.set_browser_cookie(request, response, form.new_token)
    return response


@view_config(route_name="faq.vote", request_method="GET", permission="public")
def vote_get(request):
    """A vote is a POST; a GET (a bookmark, a prefetch) just shows the article."""
    current = _article_or_404(request)
    return HTTPSeeOther(location=request.route_path("faq.article", id=current.id, _anchor="feedback"))


@view_config(route_name="faq.search", renderer="cc_faq:templates/search.pt", permission="public")
def search_page(request):
    text = request.params.get("q", "")
    if not isinstance(text, str):
        text = ""
    text = text[:500]
    level = access.viewer_level(request)
    page = page_number(request)
    result = search(request.dbsession, text, level, limit=DEFAULT_LIMIT, offset=(page - 1) * DEFAULT_LIMIT,
                    language=languages.reading_language(request))
    folders = []
    if result.query and not result.hits and page == 1:
        api.plugin_manager(request).hook.cc_faq_on_search_miss(request=request, text=text)
        folders = reads.subfolders(request.dbsession, None, level)
    return {"q": text, "result": result, "page": page, "first": (page - 1) * DEFAULT_LIMIT + 1,
            "folders": folders, "new_request_url": new_request_url(request, text) if not result.hits else None}
