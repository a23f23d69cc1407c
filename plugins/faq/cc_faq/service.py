"""Changing the FAQ: the only place that writes folders and articles.

Pages, the importer, the demo data and (later) the management pages all
go through these functions, because each write has consequences that must
not be forgotten:

* ``access_level`` of an article follows its own visibility *and* its
  folders'; changing or moving a folder recomputes its whole subtree;
* ``answer_text`` (the plain text the search index reads) follows the
  Markdown answer; the index itself follows ``question`` and
  ``answer_text`` by triggers (SQLite) or a generated column (PostgreSQL).
"""
from __future__ import annotations

import re
import unicodedata

import sqlalchemy as sa

from cc_core import api

from . import access, markup
from .models import Article, Folder

MAX_QUESTION = 300
MAX_ANSWER = 100_000
MAX_NAME = 200
MAX_SLUG = 100
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "ß": "ss", "Æ": "ae", "Ø": "o", "Å": "a"})


class FaqError(ValueError):
    """A change that cannot be made; ``str(error)`` says why, for reports."""


def slugify(text: str) -> str:
    """A URL- and file-name-safe key: ``"Faktura på e-post?"`` → ``faktura-pa-e-post``."""
    text = unicodedata.normalize("NFKD", (text or "").translate(_FOLD))
    text = text.encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:MAX_SLUG].rstrip("-")
    return slug or "item"


def check_slug(slug: str) -> str:
    if not slug or len(slug) > MAX_SLUG or not _SLUG.match(slug):
        raise FaqError(f"the key {slug!r} may only hold lower-case letters, digits and single dashes")
    return slug


def check_visibility(visibility: str) -> str:
    if visibility not in access.LEVELS:
        raise FaqError(f"visibility must be one of {', '.join(access.VISIBILITIES)}, not {visibility!r}")
    return visibility


def _check_text(value: str, label: str, maximum: int, single_line: bool = False) -> str:
    value = " ".join((value or "").split()) if single_line else (value or "").strip()
    if not value:
        raise FaqError(f"the {label} is empty")
    if len(value) > maximum:
        raise FaqError(f"the {label} is longer than {maximum} characters")
    return value


#: How each field of a folder or an article that a caller may change is
#: checked (and normalised) before it is stored.
_CHECKS = {
    "name": lambda value: _check_text(value, "folder name", MAX_NAME, single_line=True),
    "description": lambda value: (value or "").strip(),
    "question": lambda value: _check_text(value, "question", MAX_QUESTION, single_line=True),
    "answer": lambda value: _check_text(value, "answer", MAX_ANSWER),
    "visibility": check_visibility,
    "position": int,
}


def _unique_slug(dbsession, model, parent_column, parent_id, wanted: str) -> str:
    taken = set(dbsession.scalars(sa.select(model.slug).where(
        parent_column.is_(None) if parent_id is None else parent_column == parent_id,
        model.slug.like(wanted[:90] + "%"))))
    slug, number = wanted, 2
    while slug in taken:
        slug = f"{wanted[:90]}-{number}"
        number += 1
    return slug


def _next_position(dbsession, column, where) -> int:
    return (dbsession.scalar(sa.select(sa.func.max(column)).where(where)) or 0) + 1


# -- folders --------------------------------------------------------------------

def create_folder(dbsession, name: str, *, parent: Folder | None = None, visibility: str = access.PUBLIC,
                  description: str = "", slug: str | None = None, position: int | None = None) -> Folder:
    name = _CHECKS["name"](name)
    check_visibility(visibility)
    parent_id = parent.id if parent is not None else None
    if slug is None:
        slug = _unique_slug(dbsession, Folder, Folder.parent_id, parent_id, slugify(name))
    elif find_folder(dbsession, parent_id, check_slug(slug)) is not None:
        raise FaqError(f"a folder with the key {slug!r} exists already there")
    if position is None:
        position = _next_position(dbsession, Folder.position, Folder.parent_id.is_(None) if parent is None
                                  else Folder.parent_id == parent_id)
    folder = Folder(parent_id=parent_id, slug=slug, name=name, description=_CHECKS["description"](description),
                    visibility=visibility, position=position,
                    access_level=access.effective_level(visibility, parent.access_level if parent else None))
    dbsession.add(folder)
    dbsession.flush()
    return folder


def find_folder(dbsession, parent_id: int | None, slug: str) -> Folder | None:
    where = Folder.parent_id.is_(None) if parent_id is None else Folder.parent_id == parent_id
    return dbsession.scalar(sa.select(Folder).where(where, Folder.slug == slug))


def _change(row, **given) -> dict:
    """Check the ``given`` values (``None``: not given), set those that differ from ``row``'s and stamp it.

    Returns just the changed fields (empty: nothing to do), so the caller
    knows which consequences follow.
    """
    checked = {key: _CHECKS[key](value) for key, value in given.items() if value is not None}
    changes = {key: value for key, value in checked.items() if getattr(row, key) != value}
    for key, value in changes.items():
        setattr(row, key, value)
    if changes:
        row.updated_at = api.utcnow()
    return changes


def update_folder(dbsession, folder: Folder, *, name: str | None = None, description: str | None = None,
                  visibility: str | None = None, position: int | None = None) -> bool:
    """Apply the given changes; returns whether anything changed."""
    changes = _change(folder, name=name, description=description, visibility=visibility, position=position)
    if "visibility" in changes:
        recompute_levels(dbsession, folder)
    dbsession.flush()
    return bool(changes)


def move_folder(dbsession, folder: Folder, parent: Folder | None) -> None:
    """Put ``folder`` (and all below it) under ``parent`` (``None``: the top)."""
    parent_id = parent.id if parent is not None else None
    if parent_id is not None and parent_id in subtree_ids(dbsession, folder.id):
        raise FaqError("a folder cannot be moved into itself or one of its sub-folders")
    if folder.parent_id == parent_id:
        return
    if find_folder(dbsession, parent_id, folder.slug) is not None:
        raise FaqError(f"a folder with the key {folder.slug!r} exists already there")
    folder.parent_id = parent_id
    folder.updated_at = api.utcnow()
    dbsession.flush()
    recompute_levels(dbsession, folder)


def subtree_ids(dbsession, folder_id: int) -> list[int]:
    """``folder_id`` and the ids of every folder below it (one recursive query)."""
    tree = sa.select(Folder.id).where(Folder.id == folder_id).cte("subtree", recursive=True)
    tree = tree.union_all(sa.select(Folder.id).where(Folder.parent_id == tree.c.id))
    return list(dbsession.scalars(sa.select(tree.c.id)))


def _own_level():
    return sa.case(*((Article.visibility == name, level) for name, level in access.LEVELS.items()),
                   else_=access.STAFF_LEVEL)


def recompute_levels(dbsession, folder: Folder) -> None:
    """Recompute ``access_level`` of ``folder``, the folders below and their articles."""
    dbsession.flush()
    parent_level = None
    if folder.parent_id is not None:
        parent_level = dbsession.scalar(sa.select(Folder.access_level).where(Folder.id == folder.parent_id))
    rows = dbsession.execute(sa.select(Folder.id, Folder.parent_id, Folder.visibility)
                             .where(Folder.id.in_(subtree_ids(dbsession, folder.id)))).all()
    children: dict[int | None, list] = {}
    for row in rows:
        children.setdefault(row.parent_id, []).append(row)
    levels: dict[int, int] = {}
    pending = [(folder.id, access.effective_level(folder.visibility, parent_level))]
    while pending:
        folder_id, level = pending.pop()
        levels[folder_id] = level
        pending.extend((child.id, access.effective_level(child.visibility, level))
                       for child in children.get(folder_id, ()))
    by_level: dict[int, list[int]] = {}
    for folder_id, level in levels.items():
        by_level.setdefault(level, []).append(folder_id)
    own = _own_level()
    for level, ids in by_level.items():
        dbsession.execute(sa.update(Folder).where(Folder.id.in_(ids)).values(access_level=level)
                          .execution_options(synchronize_session=False))
        dbsession.execute(sa.update(Article).where(Article.folder_id.in_(ids))
                          .values(access_level=sa.case((own > level, own), else_=level))
                          .execution_options(synchronize_session=False))
    dbsession.expire_all()


# -- articles -------------------------------------------------------------------

def create_article(dbsession, folder: Folder, question: str, answer: str, *,
                   visibility: str = access.PUBLIC, slug: str | None = None,
                   position: int | None = None) -> Article:
    question, answer = _CHECKS["question"](question), _CHECKS["answer"](answer)
    check_visibility(visibility)
    if slug is None:
        slug = _unique_slug(dbsession, Article, Article.folder_id, folder.id, slugify(question))
    elif find_article(dbsession, folder.id, check_slug(slug)) is not None:
        raise FaqError(f"an article with the key {slug!r} exists already in that folder")
    if position is None:
        position = _next_position(dbsession, Article.position, Article.folder_id == folder.id)
    article = Article(folder_id=folder.id, slug=slug, question=question, answer=answer,
                      answer_text=markup.plain_text(answer), visibility=visibility, position=position,
                      access_level=access.effective_level(visibility, folder.access_level))
    dbsession.add(article)
    dbsession.flush()
    return article


def find_article(dbsession, folder_id: int, slug: str) -> Article | None:
    return dbsession.scalar(sa.select(Article).where(Article.folder_id == folder_id, Article.slug == slug))


def update_article(dbsession, article: Article, *, question: str | None = None, answer: str | None = None,
                   visibility: str | None = None, position: int | None = None) -> bool:
    """Apply the given changes; returns whether anything changed."""
    changes = _change(article, question=question, answer=answer, visibility=visibility, position=position)
    if "answer" in changes:
        article.answer_text = markup.plain_text(article.answer)
    if "visibility" in changes:
        _refresh_article_level(dbsession, article)
    dbsession.flush()
    return bool(changes)


def move_article(dbsession, article: Article, folder: Folder) -> None:
    if article.folder_id == folder.id:
        return
    if find_article(dbsession, folder.id, article.slug) is not None:
        raise FaqError(f"an article with the key {article.slug!r} exists already in that folder")
    article.folder_id = folder.id
    article.updated_at = api.utcnow()
    _refresh_article_level(dbsession, article)
    dbsession.flush()


def _refresh_article_level(dbsession, article: Article) -> None:
    folder_level = dbsession.scalar(sa.select(Folder.access_level).where(Folder.id == article.folder_id))
    article.access_level = access.effective_level(article.visibility, folder_level)


def delete_article(dbsession, article: Article) -> None:
    dbsession.delete(article)
    dbsession.flush()
