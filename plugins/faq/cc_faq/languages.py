"""Which language an article is read in: the customer's version, else the article.

Articles are written in the portal's default language
(``pyramid.default_locale_name``); each other offered language
(``cc.languages``) may have a version of an article
(:class:`.models.ArticleVersion`).  Pages ask here, for one article or
for a list of them in one query, and fall back to the article itself.
"""
from __future__ import annotations

import dataclasses

import sqlalchemy as sa

from cc_core import api

from .models import Article, ArticleVersion

#: PostgreSQL's text search configuration (its stemmer) per language;
#: languages without one are indexed word for word (``simple``).
SEARCH_CONFIGS = {
    "ar": "arabic", "ca": "catalan", "da": "danish", "de": "german", "el": "greek", "en": "english",
    "es": "spanish", "eu": "basque", "fi": "finnish", "fr": "french", "ga": "irish", "hu": "hungarian",
    "hy": "armenian", "id": "indonesian", "it": "italian", "lt": "lithuanian", "nb": "norwegian",
    "ne": "nepali", "nl": "dutch", "nn": "norwegian", "no": "norwegian", "pt": "portuguese",
    "ro": "romanian", "ru": "russian", "sr": "serbian", "sv": "swedish", "ta": "tamil", "tr": "turkish",
    "yi": "yiddish",
}


def search_config(language: str) -> str:
    return SEARCH_CONFIGS.get(language.split("_")[0].lower(), "simple")


def default_language(settings) -> str:
    return settings.get("pyramid.default_locale_name", "en")


def version_languages(settings) -> list[str]:
    """The offered languages an article may have a version in (all but the default)."""
    default = default_language(settings)
    return [language for language in api.available_languages(settings) if language != default]


def reading_language(request) -> str | None:
    """The visitor's language when articles may have a version in it, else ``None``."""
    language = request.locale_name
    return language if language in version_languages(request.registry.settings) else None


@dataclasses.dataclass(frozen=True)
class Shown:
    """The question and answer a visitor reads, and in which language."""

    question: str
    answer: str
    language: str


def shown(request, article: Article) -> Shown:
    """``article`` in the visitor's language if it has that version, else as written."""
    language = reading_language(request)
    if language is not None:
        version = request.dbsession.scalar(sa.select(ArticleVersion).where(
            ArticleVersion.article_id == article.id, ArticleVersion.language == language))
        if version is not None:
            return Shown(version.question, version.answer, language)
    return Shown(article.question, article.answer, default_language(request.registry.settings))


def shown_row(request, row, language: str | None) -> Shown:
    """What :func:`shown` gives, from a row that carries the version read with the article.

    ``row`` has the article's ``question`` and ``answer`` and the version's
    ``version_question`` and ``version_answer`` in ``language``, the
    :func:`reading_language` (``None`` when it has none), as
    :func:`.reads.article_page` reads them.
    """
    if row.version_question is not None:
        return Shown(row.version_question, row.version_answer, language)
    return Shown(row.question, row.answer, default_language(request.registry.settings))


def questions(dbsession, ids, language: str | None) -> dict[int, str]:
    """``{article id: question}`` of the versions in ``language`` among ``ids`` (one query)."""
    ids = list(ids)
    if language is None or not ids:
        return {}
    rows = dbsession.execute(sa.select(ArticleVersion.article_id, ArticleVersion.question).where(
        ArticleVersion.language == language, ArticleVersion.article_id.in_(ids)))
    return {row.article_id: row.question for row in rows}
