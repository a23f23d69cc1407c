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


def page_number(request) -> int:
    try:
        return max(1, min(int(request.params.get("page", 1)), MAX_PAGE))
    except (TypeError, ValueError):
        return 1


def new_request_url(request, title: str = "") -> str | None:
    """The new-request form's URL when a plugin serves it (ARCHITECTURE §4), with ``title`` to start from.

    Route patterns are stored as registered: with a route prefix they have
    no leading slash (``requests/new``), so both ends are trimmed before
    comparing.
    """
    mapper = request.registry.getUtility(IRoutesMapper)
    for route in mapper.get_routes():
        if "/" + route.pattern.strip("/") == NEW_REQUEST_PATH:
            title = " ".join(title.split())[:MAX_TITLE]
            return request.route_path(route.name, _query={"title": title} if title else None)
    return None


@view_config(route_name="faq.index", renderer="cc_faq:templates/index.pt", permission="public")
def index(request):
    level = access.viewer_level(request)
    dbsession = request.dbsession
    return {"folders": reads.subfolders(dbsession, None, level),
            "most_read": reads.most_read(dbsession, level),
            "latest": reads.latest(dbsession, level)}


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


def _vote_form(request, article) -> VoteForm:
    def page_values():
        dbsession = request.dbsession
        shown = languages.shown(request, article)
        return {"article": article, "shown": shown, "answer_html": markup.render(shown.answer),
                "breadcrumbs": reads.breadcrumbs(dbsession, article.folder_id),
                "related": reads.related(dbsession, article, access.viewer_level(request)),
                "my_vote": votes.previous_vote(dbsession, article.id, votes.voter_key(request)),
                "new_request_url": new_request_url(request)}

    return VoteForm(request, article, page_values)


@view_config(route_name="faq.article", request_method=("GET", "HEAD"), permission="public")
def article(request):
    current = _article_or_404(request)
    if request.method == "GET":
        counters.count_view(request, current.id)
    return api.process_form(_vote_form(request, current))


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
