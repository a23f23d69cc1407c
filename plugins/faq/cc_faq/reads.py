"""Read-side queries of the pages, each one statement, each limited to the viewer.

Lists select only the columns they show (never the answers), so a folder
of hundreds of articles or the home panel stays one cheap query.

The two pages most visitors see, the index and the article, read through
statements built once, when this module is imported: Core selects of the
columns the page shows, with bound parameters, so SQLAlchemy neither
builds a statement nor computes its cache key per request, and makes
rows, not ORM objects.  Each page asks for what it shows in as few round
trips as the data allows: the index's three lists in one statement, the
article with the reader's own vote and version in one, its breadcrumbs
and related questions in another.
"""
from __future__ import annotations

import dataclasses

import sqlalchemy as sa

from .models import Article, ArticleVersion, Folder, Vote

#: How many articles the short lists show: the index's "most read" and
#: "latest", the home panel's, an article's "related questions".
SHORT_LIST = 5

LIST_COLUMNS = (Article.id, Article.question, Article.folder_id, Article.updated_at, Article.view_count)


def visible_folder(dbsession, folder_id: int, level: int) -> Folder | None:
    return dbsession.scalar(sa.select(Folder).where(Folder.id == folder_id, Folder.access_level <= level))


def visible_article(dbsession, article_id: int, level: int) -> Article | None:
    return dbsession.scalar(sa.select(Article).where(Article.id == article_id, Article.access_level <= level))


def subfolders(dbsession, parent_id: int | None, level: int) -> list[Folder]:
    where = Folder.parent_id.is_(None) if parent_id is None else Folder.parent_id == parent_id
    return list(dbsession.scalars(sa.select(Folder).where(where, Folder.access_level <= level)
                                  .order_by(Folder.position, Folder.name, Folder.id)))


def folder_articles(dbsession, folder_id: int, level: int, limit: int, offset: int = 0) -> list:
    return dbsession.execute(
        sa.select(*LIST_COLUMNS).where(Article.folder_id == folder_id, Article.access_level <= level)
        .order_by(Article.position, Article.question, Article.id).limit(limit).offset(offset)).all()


def breadcrumbs(dbsession, folder_id: int) -> list:
    """``(id, name)`` of the folder and every folder above it, top first (one query)."""
    chain = (sa.select(Folder.id, Folder.parent_id, Folder.name, sa.literal(0).label("depth"))
             .where(Folder.id == folder_id).cte("chain", recursive=True))
    chain = chain.union_all(
        sa.select(Folder.id, Folder.parent_id, Folder.name, (chain.c.depth + 1).label("depth"))
        .where(Folder.id == chain.c.parent_id))
    return dbsession.execute(sa.select(chain.c.id, chain.c.name).order_by(chain.c.depth.desc())).all()


def most_read(dbsession, level: int, limit: int = SHORT_LIST) -> list:
    return dbsession.execute(sa.select(*LIST_COLUMNS).where(Article.access_level <= level)
                             .order_by(Article.view_count.desc(), Article.id).limit(limit)).all()


def latest(dbsession, level: int, limit: int = SHORT_LIST) -> list:
    return dbsession.execute(sa.select(*LIST_COLUMNS).where(Article.access_level <= level)
                             .order_by(Article.updated_at.desc(), Article.id.desc()).limit(limit)).all()


def related(dbsession, article: Article, level: int, limit: int = SHORT_LIST) -> list:
    """The most-read other articles of the same folder."""
    return dbsession.execute(
        sa.select(*LIST_COLUMNS).where(Article.folder_id == article.folder_id, Article.id != article.id,
                                       Article.access_level <= level)
        .order_by(Article.view_count.desc(), Article.position, Article.id).limit(limit)).all()


# -- the index and the article page: statements built once ----------------------

_article = Article.__table__
_folder = Folder.__table__
_version = ArticleVersion.__table__
_vote = Vote.__table__
_LEVEL = sa.bindparam("level", type_=sa.Integer)
_ARTICLE_ID = sa.bindparam("article_id", type_=sa.Integer)

# Parts of the statements that read several lists at once (a discriminator
# column ``part``; each part's order is kept in ``rank``).
_FOLDERS, _MOST_READ, _LATEST = 0, 1, 2
_CRUMBS, _RELATED = 0, 1


def _part(part: int, select: sa.Select, order_by: tuple, *, limit: int | None = None,
          question=None, name=None, description=None) -> sa.Select:
    """One list of a combined statement: ``part``, ``id``, ``question``, ``name``, ``description``, ``rank``.

    The list is ordered and limited inside a subquery (SQLite allows no
    ``ORDER BY`` or ``LIMIT`` on a member of a ``UNION``), and its rows
    numbered there, so the outer statement can restore each list's order
    after the union; the numbering runs over at most ``limit`` rows.
    """
    inner = select.order_by(*order_by)
    if limit is not None:
        inner = inner.limit(limit)
    inner = inner.subquery()
    rank = sa.func.row_number().over(order_by=[_resolve(inner, column) for column in order_by])
    null_text = sa.cast(sa.null(), sa.Text)
    return sa.select(sa.literal_column(str(part), sa.Integer).label("part"), inner.c.id,
                     (inner.c[question] if question else null_text).label("question"),
                     (inner.c[name] if name else null_text).label("name"),
                     (inner.c[description] if description else null_text).label("description"),
                     rank.label("rank"))


def _resolve(subquery, ordering):
    """``ordering`` (a column, perhaps ``.desc()``) restated on the subquery's column of the same name."""
    modifier = getattr(ordering, "modifier", None)
    column = subquery.c[ordering.element.key if modifier is not None else ordering.key]
    return column.desc() if modifier is sa.sql.operators.desc_op else column


def _combined(*parts: sa.Select) -> sa.Select:
    union = sa.union_all(*parts).subquery()
    return sa.select(union).order_by(union.c.part, union.c.rank)


_LISTED = (_article.c.id, _article.c.question, _article.c.view_count, _article.c.updated_at)
_INDEX = _combined(
    _part(_FOLDERS, sa.select(_folder.c.id, _folder.c.name, _folder.c.description, _folder.c.position)
          .where(_folder.c.parent_id.is_(None), _folder.c.access_level <= _LEVEL),
          (_folder.c.position, _folder.c.name, _folder.c.id), name="name", description="description"),
    _part(_MOST_READ, sa.select(*_LISTED).where(_article.c.access_level <= _LEVEL),
          (_article.c.view_count.desc(), _article.c.id), limit=SHORT_LIST, question="question"),
    _part(_LATEST, sa.select(*_LISTED).where(_article.c.access_level <= _LEVEL),
          (_article.c.updated_at.desc(), _article.c.id.desc()), limit=SHORT_LIST, question="question"),
)


@dataclasses.dataclass(frozen=True)
class IndexLists:
    """What the index shows: the top folders, the most read and the latest articles (rows)."""

    folders: list
    most_read: list
    latest: list


def index_lists(dbsession, level: int) -> IndexLists:
    """The index's three lists for a viewer of ``level``, in one statement.

    Folder rows have ``id``, ``name`` and ``description``; article rows
    ``id`` and ``question``, as :func:`subfolders`, :func:`most_read` and
    :func:`latest` give them.
    """
    parts: tuple[list, list, list] = ([], [], [])
    for row in dbsession.execute(_INDEX, {"level": level}):
        parts[row.part].append(row)
    return IndexLists(*parts)


#: The article as its page shows it, with the version in the reader's
#: language (if any) and the reader's own vote (if any): outer joins on
#: bound ``language`` and ``voter``, which match nothing when ``None``.
_ARTICLE_PAGE = (
    sa.select(_article.c.id, _article.c.folder_id, _article.c.question, _article.c.answer,
              _article.c.updated_at, _article.c.helpful_yes, _article.c.helpful_no,
              _version.c.question.label("version_question"), _version.c.answer.label("version_answer"),
              _vote.c.helpful.label("my_vote"))
    .select_from(_article
                 .outerjoin(_version, sa.and_(_version.c.article_id == _article.c.id,
                                              _version.c.language == sa.bindparam("language", type_=sa.String)))
                 .outerjoin(_vote, sa.and_(_vote.c.article_id == _article.c.id,
                                           _vote.c.voter == sa.bindparam("voter", type_=sa.String))))
    .where(_article.c.id == _ARTICLE_ID, _article.c.access_level <= _LEVEL)
)


def article_page(dbsession, article_id: int, level: int, language: str | None, voter: str | None):
    """The article ``article_id`` if a viewer of ``level`` may see it, else ``None`` (one statement).

    The row has the article's ``id``, ``folder_id``, ``question``,
    ``answer``, ``updated_at``, ``helpful_yes`` and ``helpful_no``; its
    ``version_question`` and ``version_answer`` in ``language`` (``None``
    without one, or when ``language`` is ``None``); and ``my_vote``, what
    ``voter`` answered (``None`` when they have not, or ``voter`` is ``None``).
    """
    return dbsession.execute(_ARTICLE_PAGE, {
        "article_id": article_id, "level": level, "language": language, "voter": voter}).first()


def _chain_part() -> sa.Select:
    """The folder ``:folder_id`` and every folder above it, top first: the breadcrumbs."""
    folder_id = sa.bindparam("folder_id", type_=sa.Integer)
    top = sa.literal_column("0", sa.Integer).label("depth")
    chain = (sa.select(_folder.c.id, _folder.c.parent_id, _folder.c.name, top)
             .where(_folder.c.id == folder_id).cte("chain", recursive=True))
    chain = chain.union_all(
        sa.select(_folder.c.id, _folder.c.parent_id, _folder.c.name, (chain.c.depth + 1).label("depth"))
        .where(_folder.c.id == chain.c.parent_id))
    null_text = sa.cast(sa.null(), sa.Text)
    return sa.select(sa.literal_column(str(_CRUMBS), sa.Integer).label("part"), chain.c.id,
                     null_text.label("question"), chain.c.name.label("name"), null_text.label("description"),
                     (-chain.c.depth).label("rank"))


_ARTICLE_SURROUNDINGS = _combined(
    _chain_part(),
    _part(_RELATED, sa.select(_article.c.id, _article.c.question, _article.c.view_count, _article.c.position)
          .where(_article.c.folder_id == sa.bindparam("folder_id", type_=sa.Integer), _article.c.id != _ARTICLE_ID,
                 _article.c.access_level <= _LEVEL),
          (_article.c.view_count.desc(), _article.c.position, _article.c.id), limit=SHORT_LIST,
          question="question"),
)


def article_surroundings(dbsession, article_id: int, folder_id: int, level: int) -> tuple[list, list]:
    """``(breadcrumbs, related)`` of an article, in one statement.

    The breadcrumbs are ``(id, name)`` rows of its folder and every folder
    above, top first (as :func:`breadcrumbs`); the related questions the
    most-read others of its folder a viewer of ``level`` may see (as
    :func:`related`).
    """
    parts: tuple[list, list] = ([], [])
    for row in dbsession.execute(_ARTICLE_SURROUNDINGS, {
            "article_id": article_id, "folder_id": folder_id, "level": level}):
        parts[row.part].append(row)
    return parts
