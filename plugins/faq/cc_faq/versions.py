"""Saving and removing an article's version in another language.

The one place versions are written, so the search index (kept by the
database's triggers) and the plain text it reads stay in step, as
:mod:`.service` does for the articles themselves.
"""
from __future__ import annotations

import sqlalchemy as sa

from cc_core import api

from . import markup
from .languages import search_config
from .models import Article, ArticleVersion
from .service import MAX_ANSWER, MAX_QUESTION, FaqError, _check_text


def version_of(dbsession, article_id: int, language: str) -> ArticleVersion | None:
    return dbsession.scalar(sa.select(ArticleVersion).where(
        ArticleVersion.article_id == article_id, ArticleVersion.language == language))


def languages_done(dbsession, article_id: int) -> set[str]:
    """The languages ``article_id`` has a version in."""
    return set(dbsession.scalars(sa.select(ArticleVersion.language).where(ArticleVersion.article_id == article_id)))


def save_version(dbsession, article: Article, language: str, question: str, answer: str) -> ArticleVersion:
    """Create or change the ``language`` version of ``article``."""
    question = _check_text(question, "question", MAX_QUESTION, single_line=True)
    answer = _check_text(answer, "answer", MAX_ANSWER)
    if not language or len(language) > 10:
        raise FaqError(f"no such language: {language!r}")
    version = version_of(dbsession, article.id, language)
    if version is None:
        version = ArticleVersion(article_id=article.id, language=language)
        dbsession.add(version)
    version.question, version.answer, version.answer_text = question, answer, markup.plain_text(answer)
    version.search_config = search_config(language)
    version.updated_at = api.utcnow()
    dbsession.flush()
    return version


def delete_version(dbsession, article: Article, language: str) -> bool:
    """Remove the ``language`` version; whether there was one."""
    version = version_of(dbsession, article.id, language)
    if version is None:
        return False
    dbsession.delete(version)
    dbsession.flush()
    return True
