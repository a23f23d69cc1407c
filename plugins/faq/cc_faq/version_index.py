"""DIALECT-SPECIFIC SQL: the full-text index of the articles' language versions.

Like :mod:`.dialects` for the articles, and searched with the same query
languages (FTS5, ``tsquery``), but each version is indexed in its own
language where the database can:

* PostgreSQL stems each version with the text search configuration of its
  language (``search_config``: ``norwegian`` for ``nb``, ``english``...),
  kept in a ``tsvector`` column by a trigger and searched through a GIN
  index; the query is stemmed with the same configuration, so "passordene"
  finds "passord".
* SQLite's FTS5 has no stemmer but the English-only ``porter`` one, so
  versions are indexed word for word (``unicode61``) as the articles are;
  typed words still match as prefixes (``passord*``) while typing.
"""
from __future__ import annotations

from .dialects import RANK_WINDOW, SNIPPET_WORDS, DialectScript, execute_for_dialect, marked_texts
from .search_input import Query

#: The language versions' full-text index.
SCRIPT = DialectScript(
    sqlite_install=[
        "CREATE VIRTUAL TABLE faq_article_version_fts USING fts5("
        " question, answer_text, content='faq_article_version', content_rowid='id',"
        " tokenize='unicode61 remove_diacritics 0', prefix='2 3 4')",
        "CREATE TRIGGER faq_article_version_fts_insert AFTER INSERT ON faq_article_version BEGIN"
        " INSERT INTO faq_article_version_fts(rowid, question, answer_text)"
        " VALUES (new.id, new.question, new.answer_text); END",
        "CREATE TRIGGER faq_article_version_fts_delete AFTER DELETE ON faq_article_version BEGIN"
        " INSERT INTO faq_article_version_fts(faq_article_version_fts, rowid, question, answer_text)"
        " VALUES ('delete', old.id, old.question, old.answer_text); END",
        "CREATE TRIGGER faq_article_version_fts_update AFTER UPDATE OF question, answer_text ON faq_article_version"
        " BEGIN INSERT INTO faq_article_version_fts(faq_article_version_fts, rowid, question, answer_text)"
        " VALUES ('delete', old.id, old.question, old.answer_text);"
        " INSERT INTO faq_article_version_fts(rowid, question, answer_text)"
        " VALUES (new.id, new.question, new.answer_text); END",
        "INSERT INTO faq_article_version_fts(faq_article_version_fts) VALUES ('rebuild')",
    ],
    sqlite_uninstall=[
        "DROP TRIGGER IF EXISTS faq_article_version_fts_update",
        "DROP TRIGGER IF EXISTS faq_article_version_fts_delete",
        "DROP TRIGGER IF EXISTS faq_article_version_fts_insert",
        "DROP TABLE IF EXISTS faq_article_version_fts",
    ],
    postgresql_install=[
        "ALTER TABLE faq_article_version ADD COLUMN search_vector tsvector",
        "CREATE FUNCTION faq_article_version_search_vector() RETURNS trigger AS $$ BEGIN"
        " NEW.search_vector := setweight(to_tsvector(NEW.search_config::regconfig, NEW.question), 'A') ||"
        " setweight(to_tsvector(NEW.search_config::regconfig, NEW.answer_text), 'B'); RETURN NEW; END"
        " $$ LANGUAGE plpgsql",
        "CREATE TRIGGER faq_article_version_search_vector BEFORE INSERT OR UPDATE OF question, answer_text,"
        " search_config ON faq_article_version FOR EACH ROW EXECUTE FUNCTION faq_article_version_search_vector()",
        "CREATE INDEX ix_faq_article_version_search_vector ON faq_article_version USING gin (search_vector)",
    ],
    postgresql_uninstall=[
        "DROP INDEX IF EXISTS ix_faq_article_version_search_vector",
        "DROP TRIGGER IF EXISTS faq_article_version_search_vector ON faq_article_version",
        "DROP FUNCTION IF EXISTS faq_article_version_search_vector()",
        "ALTER TABLE faq_article_version DROP COLUMN IF EXISTS search_vector",
    ],
)


_RANKED = {
    "sqlite": ("SELECT article_id FROM (SELECT v.article_id AS article_id,"
               " bm25(faq_article_version_fts, 4.0, 1.0) AS score FROM faq_article_version_fts"
               " JOIN faq_article_version v ON v.id = faq_article_version_fts.rowid"
               " JOIN faq_article a ON a.id = v.article_id"
               " WHERE faq_article_version_fts MATCH :q AND v.language = :language AND a.access_level <= :level"
               " LIMIT :window) ORDER BY score, article_id LIMIT :limit"),
    "postgresql": ("WITH q AS (SELECT to_tsquery(CAST(:config AS regconfig), :q) AS q),"
                   " best AS MATERIALIZED (SELECT v.article_id, v.search_vector FROM faq_article_version v"
                   " JOIN faq_article a ON a.id = v.article_id, q WHERE v.search_vector @@ q.q"
                   " AND v.language = :language AND a.access_level <= :level LIMIT :window)"
                   " SELECT best.article_id FROM best, q"
                   " ORDER BY ts_rank(best.search_vector, q.q) DESC, best.article_id LIMIT :limit"),
}
_HIGHLIGHTS = {
    "sqlite": ("SELECT v.article_id, highlight(faq_article_version_fts, 0, :start, :end),"
               f" snippet(faq_article_version_fts, 1, :start, :end, '…', {SNIPPET_WORDS // 2})"
               " FROM faq_article_version_fts JOIN faq_article_version v ON v.id = faq_article_version_fts.rowid"
               " WHERE faq_article_version_fts MATCH :q AND v.language = :language AND v.article_id IN :ids"),
    "postgresql": ("SELECT v.article_id, ts_headline(CAST(:config AS regconfig), v.question, q, :question_options),"
                   " ts_headline(CAST(:config AS regconfig), v.answer_text, q, :answer_options)"
                   " FROM faq_article_version v, to_tsquery(CAST(:config AS regconfig), :q) q"
                   " WHERE v.language = :language AND v.article_id IN :ids"),
}


def ranked_ids(dbsession, query: Query, level: int, language: str, config: str, limit: int, *,
               any_term: bool = False) -> list[int]:
    """Ids of the articles whose ``language`` version matches best, for a viewer of ``level``."""
    if not query:
        return []
    params = {"level": level, "limit": limit, "window": RANK_WINDOW, "language": language, "config": config}
    return list(execute_for_dialect(dbsession, _RANKED, params, query, any_term).scalars())


def highlights(dbsession, query: Query, ids: list[int], language: str, config: str, *,
               any_term: bool = False) -> dict[int, tuple[str, str]]:
    """``{article id: (question, answer snippet)}`` of the ``language`` versions, matches marked."""
    return marked_texts(dbsession, _HIGHLIGHTS, query, ids, {"language": language, "config": config},
                        any_term=any_term)
