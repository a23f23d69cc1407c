"""The FAQ's part of the JSON API: folders, articles, search and the "was this helpful?" vote.

Everything goes through what the pages use, so the API cannot show more
or other than they do: the viewer's level (:mod:`.access`) and the
read queries of :mod:`.reads` decide what is visible (anything else is
404, as on the pages), :func:`.search.search` searches, the article is
read in the caller's language (:mod:`.languages`), and a vote is the
article page's own form (:class:`.forms.VoteForm`), one per person.
Reading needs no credentials, as the pages do not; voting does, because
a caller without them has no identity to count once.
"""
from __future__ import annotations

import sqlalchemy as sa

from cc_core import api

from . import access, counters, languages, markup, reads, votes
from .api_schemas import COMPONENTS, REF
from .forms import VoteForm
from .i18n import _
from .models import Article, Folder
from .search import DEFAULT_LIMIT, search
from .views import FOLDER_PAGE_SIZE, MAX_PAGE

#: The search page's own limit on the text it searches for.
MAX_QUERY = 500
PAGE_PARAMETER = {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE}}
FOLDERS_PARAMETERS = ({"name": "parent", "in": "query", "schema": {"type": "integer", "minimum": 1},
                       "description": "The folder whose folders to list; without it, the top ones."},)
SEARCH_PARAMETERS = ({"name": "q", "in": "query", "schema": {"type": "string", "maxLength": MAX_QUERY}},
                     PAGE_PARAMETER)


def _page(request) -> int:
    """The ``page`` parameter (1 without one); a 422 problem for anything the pages would not number."""
    value = request.GET.get("page", "1")
    if not (value.isascii() and value.isdigit() and 1 <= int(value[:4]) <= MAX_PAGE):
        raise api.ApiProblem(422, errors={"page": _("api-page", default="Give a page number from 1 to ${max}.",
                                                    mapping={"max": MAX_PAGE})})
    return int(value)


def _folder_counts(dbsession, ids: list[int], level: int) -> tuple[dict, dict]:
    """``{folder id: visible sub-folders}`` and ``{folder id: visible articles}`` of ``ids`` (two queries)."""
    if not ids:
        return {}, {}
    folders = dict(dbsession.execute(sa.select(Folder.parent_id, sa.func.count()).where(
        Folder.parent_id.in_(ids), Folder.access_level <= level).group_by(Folder.parent_id)).all())
    articles = dict(dbsession.execute(sa.select(Article.folder_id, sa.func.count()).where(
        Article.folder_id.in_(ids), Article.access_level <= level).group_by(Article.folder_id)).all())
    return folders, articles


def folders_json(request, folders, level: int) -> list[dict]:
    counts_of_folders, counts_of_articles = _folder_counts(request.dbsession, [f.id for f in folders], level)
    return [{"id": f.id, "name": f.name, "description": f.description or "", "parent_id": f.parent_id,
             "visibility": f.visibility, "folder_count": counts_of_folders.get(f.id, 0),
             "article_count": counts_of_articles.get(f.id, 0), "updated_at": f.updated_at.isoformat(),
             "url": request.route_url("faq.folder", id=f.id)} for f in folders]


def _visible_folder(request, folder_id, level: int):
    folder = reads.visible_folder(request.dbsession, folder_id, level) if folder_id is not None else None
    if folder is None:
        raise api.ApiProblem(404)
    return folder


def list_folders(request):
    level = access.viewer_level(request)
    parent_id = None
    if "parent" in request.GET:
        value = request.GET["parent"]
        if not (value.isascii() and value.isdigit()):
            raise api.ApiProblem(422, errors={"parent": _("api-parent", default="Give a folder's id.")})
        parent_id = _visible_folder(request, api.parse_id(value), level).id
    return {"items": folders_json(request, reads.subfolders(request.dbsession, parent_id, level), level)}


def get_folder(request):
    level = access.viewer_level(request)
    dbsession = request.dbsession
    folder = _visible_folder(request, api.matched_id(request), level)
    page = _page(request)
    rows = reads.folder_articles(dbsession, folder.id, level, FOLDER_PAGE_SIZE + 1, (page - 1) * FOLDER_PAGE_SIZE)
    shown = rows[:FOLDER_PAGE_SIZE]
    translated = languages.questions(dbsession, [row.id for row in shown], languages.reading_language(request))
    # The folder and its sub-folders are counted together: one pair of counting queries.
    body, *subfolders = folders_json(request, [folder, *reads.subfolders(dbsession, folder.id, level)], level)
    body.update({
        "breadcrumbs": [{"id": i, "name": name} for i, name in reads.breadcrumbs(dbsession, folder.id)[:-1]],
        "folders": subfolders,
        "articles": [{"id": row.id, "question": translated.get(row.id, row.question),
                      "updated_at": row.updated_at.isoformat(), "url": request.route_url("faq.article", id=row.id)}
                     for row in shown],
        "page": page, "has_more": len(rows) > FOLDER_PAGE_SIZE})
    return body


def _visible_article(request) -> Article:
    article = reads.visible_article(request.dbsession, api.matched_id(request), access.viewer_level(request))
    if article is None:
        raise api.ApiProblem(404)
    return article


def _vote_name(helpful: bool | None) -> str | None:
    return None if helpful is None else ("yes" if helpful else "no")


def get_article(request):
    """The article as its page shows it (and counted as a read, as the page counts one)."""
    article = _visible_article(request)
    dbsession = request.dbsession
    shown = languages.shown(request, article)
    trail = reads.breadcrumbs(dbsession, article.folder_id)
    counters.count_view(request, article.id)
    voter = votes.person_key(request.person) if request.person is not None else None
    return {
        "id": article.id, "question": shown.question, "answer_html": markup.render(shown.answer),
        "answer_markdown": shown.answer if request.person is not None and request.person.is_staff else None,
        "language": shown.language, "folder": {"id": trail[-1].id, "name": trail[-1].name},
        "breadcrumbs": [{"id": i, "name": name} for i, name in trail],
        "visibility": article.visibility, "helpful_yes": article.helpful_yes, "helpful_no": article.helpful_no,
        "my_vote": _vote_name(votes.previous_vote(dbsession, article.id, voter)),
        "created_at": article.created_at.isoformat(), "updated_at": article.updated_at.isoformat(),
        "url": request.route_url("faq.article", id=article.id),
    }


def search_articles(request):
    """The search page's search: same function, same pages of results, same notice of a miss."""
    text = request.GET.get("q", "")
    if len(text) > MAX_QUERY:
        raise api.ApiProblem(422, errors={"q": _("api-query-long", default="Search for at most ${max} characters.",
                                                 mapping={"max": MAX_QUERY})})
    page = _page(request)
    result = search(request.dbsession, text, access.viewer_level(request), limit=DEFAULT_LIMIT,
                    offset=(page - 1) * DEFAULT_LIMIT, language=languages.reading_language(request))
    if result.query and not result.hits and page == 1:
        api.plugin_manager(request).hook.cc_faq_on_search_miss(request=request, text=text)
    items = [{"id": hit.id, "question": hit.question, "question_html": str(hit.question_html),
              "snippet_html": str(hit.snippet_html), "snippet_text": hit.snippet_text,
              "folder": {"id": hit.folder_id, "name": hit.folder_name},
              "url": request.route_url("faq.article", id=hit.id)} for hit in result.hits]
    return {"q": text, "items": items, "page": page, "has_more": result.has_more, "widened": result.widened,
            "suggestion": result.suggestion}


def _vote_form(request) -> VoteForm:
    """The article page's vote form for the article in the URL (404 first); without one, for the document."""
    article = _visible_article(request) if "id" in (request.matchdict or {}) else None
    return VoteForm(request, article, page_values=dict)


def vote(request):
    form = request.api_form
    form.apply(request.api_values, form.initial_state())
    article = form.article
    return {"article_id": article.id, "helpful": request.api_values["helpful"], "outcome": form.outcome,
            "helpful_yes": article.helpful_yes, "helpful_no": article.helpful_no}


def endpoints() -> list:
    tags = ("faq",)
    read = {"anonymous": True, "tags": tags}
    return [
        *(api.ApiComponent(name, schema) for name, schema in COMPONENTS.items()),
        api.Endpoint("faq.folders", "GET", "/faq/folders", list_folders, "The FAQ's top folders, or a folder's",
                     parameters=FOLDERS_PARAMETERS, responses={200: {"$ref": REF + "FaqFolderList"}}, **read),
        api.Endpoint("faq.folder", "GET", r"/faq/folders/{id:\d+}", get_folder,
                     "A folder with its folders and a page of its articles", parameters=(PAGE_PARAMETER,),
                     responses={200: {"$ref": REF + "FaqFolderDetail"}}, **read),
        api.Endpoint("faq.article", "GET", r"/faq/articles/{id:\d+}", get_article,
                     "An article in the caller's language", responses={200: {"$ref": REF + "FaqArticle"}}, **read),
        api.Endpoint("faq.search", "GET", "/faq/search", search_articles, "Search the articles the caller sees",
                     parameters=SEARCH_PARAMETERS, responses={200: {"$ref": REF + "FaqSearch"}}, **read),
        api.Endpoint("faq.vote", "POST", r"/faq/articles/{id:\d+}/vote", vote,
                     "Answer \"was this helpful?\" (once per person; answering again changes the answer)",
                     form=_vote_form, responses={200: {"$ref": REF + "FaqVote"}}, tags=tags),
    ]
