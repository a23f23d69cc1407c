"""The one search function: ranked, highlighted, limited to what a viewer may see.

Pages, the home panel's neighbours and the requests plugin's suggestions
all come through :func:`search`; the database-specific part lives in
:mod:`.dialects`.  Every word of a query must match (``AND``); when that
finds nothing on the first page and the query has several words, the
search is widened to any word (``OR``), still ranked, so that a long
question typed in full still finds the article that answers it.
"""
from __future__ import annotations

import dataclasses

import sqlalchemy as sa
from markupsafe import Markup, escape

from . import dialects, spelling, version_index
from .languages import search_config
from .models import Article, ArticleVersion, Folder
from .search_input import Query, parse

DEFAULT_LIMIT = 20
MAX_LIMIT = 50
MAX_OFFSET = 1000


@dataclasses.dataclass(frozen=True)
class Hit:
    id: int
    question: str
    question_html: Markup
    snippet_html: Markup
    snippet_text: str
    folder_id: int
    folder_name: str


@dataclasses.dataclass(frozen=True)
class SearchResult:
    query: Query
    hits: tuple[Hit, ...]
    has_more: bool = False
    #: True when no article had every word and any word was enough.
    widened: bool = False
    #: The query with misspelt words corrected from the index's words, when nothing was found.
    suggestion: str | None = None


def marked_html(text: str) -> Markup:
    """Escape ``text``, then turn the search markers into ``<mark>`` elements."""
    escaped = str(escape(text))
    opened = escaped.count(dialects.MARK_START)
    closed = escaped.count(dialects.MARK_END)
    html = escaped.replace(dialects.MARK_START, "<mark>").replace(dialects.MARK_END, "</mark>")
    return Markup(html + "</mark>" * max(0, opened - closed))


def plain(text: str) -> str:
    return text.replace(dialects.MARK_START, "").replace(dialects.MARK_END, "")


def search(dbsession, text: str | None, level: int, *, limit: int = DEFAULT_LIMIT, offset: int = 0,
           typing: bool = False, any_term: bool = False, exclude: int | None = None,
           language: str | None = None) -> SearchResult:
    """Search question and answer of the articles a viewer of ``level`` may see.

    ``typing`` treats the last word as a prefix (text still being typed);
    ``any_term`` ranks articles matching any word instead of every word.
    ``language`` (one with versions, see :mod:`.languages`) searches the
    versions in it first, stemmed where the database can, then the
    articles that have no version in it.  Hostile input gives an empty
    result, never an error: see :mod:`.search_input`.
    """
    query = parse(text, last_is_prefix=typing)
    if not query:
        return SearchResult(query, ())
    limit = max(1, min(int(limit), MAX_LIMIT))
    offset = max(0, min(int(offset), MAX_OFFSET))
    ids, versions = _ranked(dbsession, query, level, limit + 1, offset, any_term, exclude, language)
    widened = False
    if not ids and not any_term and offset == 0 and len(query.terms) > 1:
        any_term = widened = True
        ids, versions = _ranked(dbsession, query, level, limit + 1, offset, True, exclude, language)
    has_more = len(ids) > limit
    ids = ids[:limit]
    hits = tuple(_hits(dbsession, query, ids, any_term, [i for i in ids if i in versions], language))
    suggestion = spelling.suggestion(dbsession, query) if not hits and not typing and offset == 0 else None
    return SearchResult(query, hits, has_more, widened, suggestion)


def _ranked(dbsession, query: Query, level: int, fetch: int, offset: int, any_term: bool, exclude: int | None,
            language: str | None) -> tuple[list[int], set[int]]:
    """The ids of one page, and which of them match in their ``language`` version."""
    if language is None:
        return dialects.ranked_ids(dbsession, query, level, fetch, offset, any_term=any_term, exclude=exclude), set()
    found = [i for i in version_index.ranked_ids(dbsession, query, level, language, search_config(language),
                                                  offset + fetch, any_term=any_term) if i != exclude]
    plain = dialects.ranked_ids(dbsession, query, level, offset + fetch, 0, any_term=any_term, exclude=exclude)
    translated = set(dbsession.scalars(sa.select(ArticleVersion.article_id).where(
        ArticleVersion.language == language, ArticleVersion.article_id.in_(plain)))) if plain else set()
    seen = set(found)
    combined = found + [i for i in plain if i not in translated and i not in seen]
    return combined[offset:offset + fetch], seen


def _hits(dbsession, query: Query, ids: list[int], any_term: bool, version_ids: list[int] = (),
          language: str | None = None) -> list[Hit]:
    if not ids:
        return []
    rows = dbsession.execute(
        sa.select(Article.id, Article.question, Article.folder_id, Folder.name)
        .join(Folder, Folder.id == Article.folder_id).where(Article.id.in_(ids))).all()
    by_id = {row.id: row for row in rows}
    plain_ids = [i for i in ids if i not in version_ids]
    marks = dialects.highlights(dbsession, query, plain_ids, any_term=any_term) if plain_ids else {}
    if version_ids:
        marks.update(version_index.highlights(dbsession, query, list(version_ids), language,
                                              search_config(language), any_term=any_term))
    hits = []
    for article_id in ids:
        row = by_id.get(article_id)
        if row is None:  # deleted between the two queries
            continue
        question, snippet = marks.get(article_id, (row.question, ""))
        hits.append(Hit(article_id, plain(question), marked_html(question), marked_html(snippet), plain(snippet),
                        row.folder_id, row.name))
    return hits


def suggestions(request, text: str, limit: int, level: int) -> list[dict]:
    """Articles for text being typed (a request's title): any word, last one a prefix."""
    from .languages import reading_language

    result = search(request.dbsession, text, level, limit=max(1, min(int(limit), 10)), typing=True,
                    any_term=True, language=reading_language(request))
    return [{"title": hit.question, "url": request.route_url("faq.article", id=hit.id),
             "snippet": hit.snippet_text} for hit in result.hits]
