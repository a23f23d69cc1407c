"""Read-side queries of the pages, each one statement, each limited to the viewer.

Lists select only the columns they show (never the answers), so a folder
of hundreds of articles or the home panel stays one cheap query.
"""
from __future__ import annotations

import sqlalchemy as sa

from .models import Article, Folder

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


def most_read(dbsession, level: int, limit: int = 5) -> list:
    return dbsession.execute(sa.select(*LIST_COLUMNS).where(Article.access_level <= level)
                             .order_by(Article.view_count.desc(), Article.id).limit(limit)).all()


def latest(dbsession, level: int, limit: int = 5) -> list:
    return dbsession.execute(sa.select(*LIST_COLUMNS).where(Article.access_level <= level)
                             .order_by(Article.updated_at.desc(), Article.id.desc()).limit(limit)).all()


def related(dbsession, article: Article, level: int, limit: int = 5) -> list:
    """The most-read other articles of the same folder."""
    return dbsession.execute(
        sa.select(*LIST_COLUMNS).where(Article.folder_id == article.folder_id, Article.id != article.id,
                                       Article.access_level <= level)
        .order_by(Article.view_count.desc(), Article.position, Article.id).limit(limit)).all()
