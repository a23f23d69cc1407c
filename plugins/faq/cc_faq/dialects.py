"""DIALECT-SPECIFIC SQL: the full-text index on SQLite and on PostgreSQL.

This is the only module of the plugin that speaks a database's own SQL.
Everything else calls the same functions whatever the database is:

* :func:`install` / :func:`uninstall` create and drop the index (called by
  the migration);
* :func:`ranked_ids` returns the ids of the best matches a viewer may see
  (ranking at most ``RANK_WINDOW`` matches, the first by id, so time does
  not grow with the size of the knowledge base; on PostgreSQL they are
  looked for block by block, see :data:`BLOCK_ROWS`);
* :func:`highlights` returns the highlighted question and answer snippet
  of a handful of ids;
* :func:`execute_for_dialect` and :func:`marked_texts` run statements written
  per database, for :mod:`.version_index` and :mod:`.spelling` too.

SQLite: an FTS5 table over ``question`` and ``answer_text`` with
``faq_article`` as its external content, kept in step by triggers; ranked
with ``bm25``.  PostgreSQL: a generated ``tsvector`` column (question
weighted above the answer) with a GIN index, kept in step by the database
itself; ranked with ``ts_rank``.  Both tokenise without stemming (FTS5
``unicode61``, PostgreSQL ``simple``) so the two find the same articles
in any language the portal speaks.

Highlights are marked with two control characters, ``MARK_START`` and
``MARK_END``, that :mod:`.markup` removes from all indexed text; the
caller escapes the text and only then turns them into ``<mark>``.
"""
from __future__ import annotations

import sqlalchemy as sa

from cc_core.api import DialectScript, UnsupportedDatabase

from .search_input import Query, Term

MARK_START = "\x02"
MARK_END = "\x03"
SNIPPET_WORDS = 28
TS_CONFIG = "simple"
#: At most this many matches are ranked.  Ranking costs time per match, so
#: a word found in most articles ("the", "account") would make a search as
#: slow as the knowledge base is large; past the window, the best of the
#: first matches is shown, which for such a word is as good an answer.
RANK_WINDOW = 500
#: PostgreSQL checks a phrase on at most this many articles having its words.
PHRASE_CANDIDATES = 2000

#: Names of the database objects this module creates outside the models'
#: metadata (the migration test leaves them out of its comparison).
SEARCH_OBJECTS = frozenset({
    "faq_article_fts", "faq_article_fts_data", "faq_article_fts_idx", "faq_article_fts_docsize",
    "faq_article_fts_config", "faq_article_fts_content",
    "search_vector", "ix_faq_article_search_vector",
    # The language versions' index and the words for spelling (cc_faq.version_index, cc_faq.spelling).
    "faq_article_version_fts", "faq_article_version_fts_data", "faq_article_version_fts_idx",
    "faq_article_version_fts_docsize", "faq_article_version_fts_config", "faq_article_version_fts_content",
    "ix_faq_article_version_search_vector", "faq_article_fts_vocab", "faq_article_version_fts_vocab", "faq_word",
})

#: PostgreSQL's GIN index answers with a bitmap of *every* matching row
#: before the first one is read, so a word found in most articles costs
#: time in proportion to the size of the knowledge base.  The index
#: therefore holds, beside an article's words, two words of its own: the
#: *block* its id is in (``~b<id / BLOCK_ROWS>``) and its access level
#: (``~l<level>``); no typed query can contain them, queries keep letters
#: and digits only.  Asked for a word *and* a block, GIN skips through the
#: word's list to that block's rows, so finding the first matches of a
#: common word costs the same at 1,000 articles as at 1,000,000; asked for
#: the levels a viewer may see too, it leaves out the rows they may not see
#: instead of the table reading them and dropping them.
BLOCK_ROWS = 4096
#: The ranking window is first looked for in this many blocks, one after
#: the other (a common word fills it in the first); the rest of the table
#: is searched at once, and only when they did not fill it (rarer words,
#: whose every match is then cheap to list).
FIRST_BLOCKS = 4


def indexed_vector(alias: str = "") -> str:
    """What the GIN index holds; a statement must write it exactly so (``alias``: the table's) to use it."""
    of = f"{alias}." if alias else ""
    return (f"({of}search_vector || array_to_tsvector(ARRAY["
            f"'~b' || ({of}id / {BLOCK_ROWS})::text, '~l' || {of}access_level::text]))")


SEARCH_VECTOR_INDEX = f"CREATE INDEX ix_faq_article_search_vector ON faq_article USING gin ({indexed_vector()})"


#: The articles' full-text index.
SEARCH_INDEX = DialectScript(
    sqlite_install=[
        "CREATE VIRTUAL TABLE faq_article_fts USING fts5("
        " question, answer_text, content='faq_article', content_rowid='id',"
        # Prefix indexes make short prefix queries ("pa*", typed suggestions)
        # one index lookup instead of a merge of every word they start.
        " tokenize='unicode61 remove_diacritics 0', prefix='2 3 4')",
        "CREATE TRIGGER faq_article_fts_insert AFTER INSERT ON faq_article BEGIN"
        " INSERT INTO faq_article_fts(rowid, question, answer_text) VALUES (new.id, new.question, new.answer_text);"
        " END",
        "CREATE TRIGGER faq_article_fts_delete AFTER DELETE ON faq_article BEGIN"
        " INSERT INTO faq_article_fts(faq_article_fts, rowid, question, answer_text)"
        " VALUES ('delete', old.id, old.question, old.answer_text);"
        " END",
        # Only the indexed columns: view counts and votes must not re-index.
        "CREATE TRIGGER faq_article_fts_update AFTER UPDATE OF question, answer_text ON faq_article BEGIN"
        " INSERT INTO faq_article_fts(faq_article_fts, rowid, question, answer_text)"
        " VALUES ('delete', old.id, old.question, old.answer_text);"
        " INSERT INTO faq_article_fts(rowid, question, answer_text) VALUES (new.id, new.question, new.answer_text);"
        " END",
        "INSERT INTO faq_article_fts(faq_article_fts) VALUES ('rebuild')",
    ],
    sqlite_uninstall=[
        "DROP TRIGGER IF EXISTS faq_article_fts_update",
        "DROP TRIGGER IF EXISTS faq_article_fts_delete",
        "DROP TRIGGER IF EXISTS faq_article_fts_insert",
        "DROP TABLE IF EXISTS faq_article_fts",
    ],
    postgresql_install=[
        "ALTER TABLE faq_article ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
        f" setweight(to_tsvector('{TS_CONFIG}', question), 'A') ||"
        f" setweight(to_tsvector('{TS_CONFIG}', answer_text), 'B')) STORED",
        SEARCH_VECTOR_INDEX,
    ],
    postgresql_uninstall=[
        "DROP INDEX IF EXISTS ix_faq_article_search_vector",
        "ALTER TABLE faq_article DROP COLUMN IF EXISTS search_vector",
    ],
)
install = SEARCH_INDEX.install
uninstall = SEARCH_INDEX.uninstall


# -- query languages ----------------------------------------------------------

def fts5_expression(query: Query, any_term: bool) -> str:
    """FTS5 query text: every word double-quoted, so none is an operator."""
    parts = []
    for term in query.terms:
        quoted = '"' + " ".join(term.words) + '"'
        parts.append(quoted + ("*" if term.prefix else ""))
    return (" OR " if any_term else " AND ").join(parts)


def loosened(query: Query) -> Query:
    """The query with each phrase's words required anywhere, not side by side."""
    terms = []
    for term in query.terms:
        if term.is_phrase:
            terms.extend(Term((word,), prefix=term.prefix and index == len(term.words) - 1)
                         for index, word in enumerate(term.words))
        else:
            terms.append(term)
    return Query(tuple(terms))


def tsquery_expression(query: Query, any_term: bool) -> str:
    """``to_tsquery`` text: every word single-quoted, phrases joined by ``<->``."""
    parts = []
    for term in query.terms:
        words = [f"'{word}'" for word in term.words]
        if term.prefix:
            words[-1] += ":*"
        parts.append("(" + " <-> ".join(words) + ")" if term.is_phrase else words[0])
    return (" | " if any_term else " & ").join(parts)


# -- running the statement written for this database --------------------------

def match_expression(dialect_name: str, query: Query, any_term: bool) -> str:
    """``query`` in the full-text query language of the database."""
    if dialect_name == "sqlite":
        return fts5_expression(query, any_term)
    if dialect_name == "postgresql":
        return tsquery_expression(query, any_term)
    raise UnsupportedDatabase(dialect_name)


def execute_for_dialect(dbsession, statements: dict[str, str], params: dict, query: Query | None = None,
                        any_term: bool = False):
    """Run the one of ``statements`` (keyed by dialect name) written for this database.

    Every search structure is written once per database; this is the one
    place that picks the statement, binds ``:q`` (``query`` in that
    database's query language) and expands ``:ids`` (a list of ids).
    """
    name = dbsession.get_bind().dialect.name
    if name not in statements:
        raise UnsupportedDatabase(name)
    if query is not None:
        params = {**params, "q": match_expression(name, query, any_term)}
    statement = sa.text(statements[name])
    if "ids" in params:
        statement = statement.bindparams(sa.bindparam("ids", expanding=True))
    return dbsession.execute(statement, params)


#: ``ts_headline`` options: the question marked whole, the answer cut to a
#: snippet of about as many words as FTS5's ``snippet`` gives on SQLite.
_HEADLINE = f"StartSel={MARK_START}, StopSel={MARK_END}"
HEADLINE_OPTIONS = {
    "question_options": _HEADLINE + ", HighlightAll=true",
    "answer_options": _HEADLINE + (f", MaxWords={SNIPPET_WORDS}, MinWords={SNIPPET_WORDS // 2},"
                                   " MaxFragments=2, FragmentDelimiter=\" … \""),
}


def marked_texts(dbsession, statements: dict[str, str], query: Query, ids: list[int], params: dict, *,
                 any_term: bool = False) -> dict[int, tuple[str, str]]:
    """``{id: (question, answer snippet)}`` from a highlight statement, matches between the markers.

    ``statements`` select the id, the marked question and the marked
    snippet of the rows in ``:ids``; the markers are bound as ``:start``
    and ``:end`` (SQLite) or within ``:question_options`` and
    ``:answer_options`` (PostgreSQL).
    """
    if not ids or not query:
        return {}
    params = {**params, **HEADLINE_OPTIONS, "start": MARK_START, "end": MARK_END, "ids": list(ids)}
    rows = execute_for_dialect(dbsession, statements, params, query, any_term)
    return {row[0]: (row[1] or "", row[2] or "") for row in rows}


# -- search -------------------------------------------------------------------

def _first_matches(match: str, limit: str) -> str:
    """PostgreSQL: up to ``limit`` visible rows (id, tsvector) matching ``q.<match>``, block by block.

    The first :data:`FIRST_BLOCKS` blocks of ids are asked one after the
    other (GIN lists only that block's matches), then the rest of the
    table at once; ``LIMIT`` stops at the first part that fills it, so a
    common word never makes the index list all its matches.  The rows
    come in the order they always did (by id, as stored), so the window
    is the same whichever part fills it.
    """
    visible = "a.access_level <= :level AND a.id != :exclude"
    indexed = indexed_vector("a")
    return (f"(SELECT found.id, found.search_vector FROM q, start,"
            f" generate_series(start.block, start.block + {FIRST_BLOCKS - 1}) AS b(block),"
            f" LATERAL (SELECT a.id, a.search_vector FROM faq_article a WHERE {indexed}"
            f" @@ (q.{match} && q.levels && quote_literal('~b' || b.block::text)::tsquery) AND {visible}"
            # OFFSET 0 keeps the block's search a subquery of its own: joined
            # into the rest, the planner may scan the table once and check
            # every row against every block, computing the indexed vector.
            " OFFSET 0) found)"
            f" UNION ALL (SELECT a.id, a.search_vector FROM faq_article a, q, start"
            f" WHERE {indexed} @@ (q.{match} && q.levels)"
            f" AND a.id >= (start.block + {FIRST_BLOCKS}) * {BLOCK_ROWS} AND {visible}) LIMIT {limit}")


#: The access levels a viewer of ``:level`` may see, as index words (``'~l0' | '~l1'``).
_LEVELS = "(SELECT string_agg(quote_literal('~l' || v), ' | ')::tsquery FROM generate_series(0, :level) v) AS levels"
#: Where the blocks start: the lowest id's (one look at the primary key).
_START = f"start AS (SELECT coalesce(min(id), 0) / {BLOCK_ROWS} AS block FROM faq_article)"

_RANKED = {
    "sqlite": ("SELECT id FROM (SELECT a.id AS id, bm25(faq_article_fts, 4.0, 1.0) AS score"
               " FROM faq_article_fts JOIN faq_article a ON a.id = faq_article_fts.rowid"
               " WHERE faq_article_fts MATCH :q AND a.access_level <= :level AND a.id != :exclude"
               " LIMIT :window) ORDER BY score, id LIMIT :limit OFFSET :offset"),
    # The query sits in a CTE so the planner cannot see how common its
    # words are: with a LIMIT and a common word it would otherwise scan
    # the table and evaluate @@ on every row's tsvector, instead of asking
    # the GIN index.
    "postgresql": (f"WITH q AS (SELECT to_tsquery('{TS_CONFIG}', :q) AS q, {_LEVELS}), {_START},"
                   # The window carries each row's tsvector: ranking it needs no
                   # second visit to the table.
                   f" best AS MATERIALIZED ({_first_matches('q', ':window')})"
                   " SELECT best.id FROM best, q"
                   " ORDER BY ts_rank(best.search_vector, q.q) DESC, best.id LIMIT :limit OFFSET :offset"),
}
#: With a phrase, PostgreSQL differs: GIN has no word positions, so a phrase
#: must be checked on each row's tsvector.  Take the rows with all the words
#: from the index first (cheap), then check the phrase on at most
#: PHRASE_CANDIDATES of them.
_RANKED_PHRASE = {
    "sqlite": _RANKED["sqlite"],
    "postgresql": (f"WITH q AS (SELECT to_tsquery('{TS_CONFIG}', :q) AS q,"
                   f" to_tsquery('{TS_CONFIG}', :loose) AS loose, {_LEVELS}), {_START},"
                   f" candidates AS MATERIALIZED ({_first_matches('loose', ':candidates')}),"
                   " best AS MATERIALIZED (SELECT candidates.id, candidates.search_vector FROM candidates, q"
                   " WHERE candidates.search_vector @@ q.q LIMIT :window)"
                   " SELECT best.id FROM best, q"
                   " ORDER BY ts_rank(best.search_vector, q.q) DESC, best.id LIMIT :limit OFFSET :offset"),
}
_HIGHLIGHTS = {
    "sqlite": ("SELECT rowid, highlight(faq_article_fts, 0, :start, :end),"
               f" snippet(faq_article_fts, 1, :start, :end, '…', {SNIPPET_WORDS // 2})"
               " FROM faq_article_fts WHERE faq_article_fts MATCH :q AND rowid IN :ids"),
    "postgresql": (f"SELECT a.id, ts_headline('{TS_CONFIG}', a.question, q, :question_options),"
                   f" ts_headline('{TS_CONFIG}', a.answer_text, q, :answer_options)"
                   f" FROM faq_article a, to_tsquery('{TS_CONFIG}', :q) q WHERE a.id IN :ids"),
}


def ranked_ids(dbsession, query: Query, level: int, limit: int, offset: int = 0, *,
               any_term: bool = False, exclude: int | None = None) -> list[int]:
    """Ids of the best matches with ``access_level <= level``, best first."""
    if not query:
        return []
    params = {"level": level, "limit": limit, "offset": offset, "exclude": exclude or 0, "window": RANK_WINDOW}
    statements = _RANKED
    if any(term.is_phrase for term in query.terms):
        statements = _RANKED_PHRASE
        params["candidates"] = PHRASE_CANDIDATES
        params["loose"] = tsquery_expression(loosened(query), any_term)
    return list(execute_for_dialect(dbsession, statements, params, query, any_term).scalars())


def highlights(dbsession, query: Query, ids: list[int], *, any_term: bool = False) -> dict[int, tuple[str, str]]:
    """``{id: (question, answer snippet)}`` with matches between the markers."""
    return marked_texts(dbsession, _HIGHLIGHTS, query, ids, {}, any_term=any_term)


def relaxing_durability(dialect_name: str):
    """A condition, always true, whose evaluation lets the transaction commit without waiting for the disk.

    For counters only: losing the last few increments in a crash is better
    than making every page view wait for a flush.  On PostgreSQL it is
    ``SET LOCAL synchronous_commit = off`` as a function
    (``set_config(..., true)``), so a counter's ``UPDATE`` carries it in
    its ``WHERE`` instead of a statement of its own; ``None`` for SQLite,
    which in WAL mode with ``synchronous=NORMAL`` (the core's setting)
    does not wait already.
    """
    if dialect_name == "postgresql":
        return sa.func.set_config("synchronous_commit", "off", sa.true()).is_not(None)
    return None


def relax_durability(session) -> None:
    """Let this session's transaction commit without waiting for the disk (see :func:`relaxing_durability`)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(sa.text("SET LOCAL synchronous_commit = off"))
