"""DIALECT-SPECIFIC SQL: the full-text index of the requests' search documents.

The staff queue searches every request, a million and more; a ``LIKE`` on
each document (what :mod:`.search` does within one customer's requests)
would read the table for a word found in few of them.  This module keeps
an index of the words of each search document (``requests_search``: the
title and the external messages, never internal notes) and turns typed
words into a query of that index:

* SQLite: an FTS5 table with ``requests_search`` as its external content,
  kept in step by triggers; its rowid is the request's id, and FTS5 hands
  matches out in rowid order, so a page of the newest matches reads
  fifty entries of the index however common the word is.
* PostgreSQL: a ``tsvector`` column filled by a trigger, with a GIN index;
  the planner picks the index for a rare word and walks the requests by id
  (checking the stored vector) for a common one, from its word statistics.

Both split text into runs of letters and digits (everything else
separates words) and compare them case-folded without stemming, so the
two databases find the same requests.  A typed word matches that whole
word; ``word*`` matches every word starting with it.
"""
from __future__ import annotations

import re

import sqlalchemy as sa

from cc_core import api

from .models import Request, SearchDocument

TS_CONFIG = "simple"
MAX_WORDS = 6
MAX_QUERY = 200
#: Up to this many matches, PostgreSQL looks the matching requests up by id (see :func:`narrowed`).
FEW_MATCHES = 1_000
#: Rows per statement when an existing table is indexed by the migration.
BACKFILL_BATCH = 50_000
WORD = re.compile(r"[^\W_]+\*?")

#: The objects kept outside the models' metadata (the migration test leaves them out).
SEARCH_OBJECTS = frozenset({
    "requests_search_fts", "requests_search_fts_data", "requests_search_fts_idx", "requests_search_fts_docsize",
    "requests_search_fts_config", "search_vector", "ix_requests_search_vector",
})

_PG_VECTOR = f"to_tsvector('{TS_CONFIG}', regexp_replace({{}}, '[^[:alnum:]]+', ' ', 'g'))"

INDEX = api.DialectScript(
    sqlite_install=[
        "CREATE VIRTUAL TABLE requests_search_fts USING fts5(document, content='requests_search',"
        " content_rowid='request_id', tokenize='unicode61 remove_diacritics 0', detail='none')",
        "CREATE TRIGGER requests_search_fts_insert AFTER INSERT ON requests_search BEGIN"
        " INSERT INTO requests_search_fts(rowid, document) VALUES (new.request_id, new.document); END",
        "CREATE TRIGGER requests_search_fts_delete AFTER DELETE ON requests_search BEGIN"
        " INSERT INTO requests_search_fts(requests_search_fts, rowid, document)"
        " VALUES ('delete', old.request_id, old.document); END",
        "CREATE TRIGGER requests_search_fts_update AFTER UPDATE OF document ON requests_search BEGIN"
        " INSERT INTO requests_search_fts(requests_search_fts, rowid, document)"
        " VALUES ('delete', old.request_id, old.document);"
        " INSERT INTO requests_search_fts(rowid, document) VALUES (new.request_id, new.document); END",
    ],
    sqlite_uninstall=[
        "DROP TRIGGER IF EXISTS requests_search_fts_update",
        "DROP TRIGGER IF EXISTS requests_search_fts_delete",
        "DROP TRIGGER IF EXISTS requests_search_fts_insert",
        "DROP TABLE IF EXISTS requests_search_fts",
    ],
    postgresql_install=[
        "ALTER TABLE requests_search ADD COLUMN search_vector tsvector",
        "CREATE FUNCTION requests_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
        f" NEW.search_vector := {_PG_VECTOR.format('NEW.document')}; RETURN NEW; END $$",
        "CREATE TRIGGER requests_search_vector BEFORE INSERT OR UPDATE OF document ON requests_search"
        " FOR EACH ROW EXECUTE FUNCTION requests_search_vector()",
    ],
    postgresql_uninstall=[
        "DROP INDEX IF EXISTS ix_requests_search_vector",
        "DROP TRIGGER IF EXISTS requests_search_vector ON requests_search",
        "DROP FUNCTION IF EXISTS requests_search_vector()",
        "ALTER TABLE requests_search DROP COLUMN IF EXISTS search_vector",
    ],
)


def install(connection, batch: int = BACKFILL_BATCH) -> None:
    """Create the index and fill it from the documents already there, ``batch`` rows a statement.

    The GIN index is built once the vectors are in (one sort instead of a
    million insertions), and the statistics are refreshed so the planners
    know how common each word is.
    """
    INDEX.install(connection)
    if connection.dialect.name == "sqlite":
        fill = ("INSERT INTO requests_search_fts(rowid, document) SELECT request_id, document FROM requests_search"
                " WHERE request_id > :low AND request_id <= :high")
    else:
        fill = (f"UPDATE requests_search SET search_vector = {_PG_VECTOR.format('document')}"
                " WHERE request_id > :low AND request_id <= :high")
    highest = connection.execute(sa.select(sa.func.coalesce(sa.func.max(SearchDocument.request_id), 0))).scalar()
    for low in range(0, highest, batch):
        connection.execute(sa.text(fill), {"low": low, "high": low + batch})
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("CREATE INDEX ix_requests_search_vector ON requests_search"
                                   " USING gin (search_vector)")
    connection.exec_driver_sql("ANALYZE requests_search")


uninstall = INDEX.uninstall


def words(query: str) -> list[str]:
    """The distinct words of ``query`` as the index splits text, at most :data:`MAX_WORDS`;
    a word typed with a trailing ``*`` keeps it (a prefix)."""
    found = []
    for word in WORD.findall((query or "")[:MAX_QUERY].casefold()):
        if word.rstrip("*") and word not in found:
            found.append(word)
    return found[:MAX_WORDS]


def _expression(dialect_name: str, found: list[str]) -> str:
    if dialect_name == "sqlite":
        return " ".join(f'"{w.rstrip("*")}"' + ("*" if w.endswith("*") else "") for w in found)
    if dialect_name == "postgresql":
        return " & ".join(f"'{w.rstrip('*')}'" + (":*" if w.endswith("*") else "") for w in found)
    raise api.UnsupportedDatabase(f"no full-text search for the {dialect_name!r} database")


_FTS = sa.table("requests_search_fts", sa.column("rowid", sa.Integer))


def matching_ids(dialect_name: str, query: str):
    """``SELECT`` of the ids of the requests whose documents have every word of ``query``
    (``None`` when it has no words): for conditions combined with others by ``OR``."""
    found = words(query)
    if not found:
        return None
    expression = _expression(dialect_name, found)
    if dialect_name == "sqlite":
        return sa.select(_FTS.c.rowid).where(sa.text("requests_search_fts MATCH :fts_query")
                                             .bindparams(fts_query=expression))
    return sa.select(SearchDocument.request_id).where(
        sa.literal_column("requests_search.search_vector").op("@@")(sa.func.to_tsquery(TS_CONFIG, expression)))


def narrowed(dbsession, stmt, query: str):
    """``(stmt, key)``: ``stmt`` (over requests) kept to the matches of ``query``, and the
    column that orders them by request number the way the index reads them.

    On SQLite the index is joined and drives the query, so ordering by
    ``key`` with a limit reads the index in its own order and stops at the
    page's end.  On PostgreSQL the planner guesses how common a word is from
    its statistics, and a rare word it has no figure for looks common: it
    would walk every request by number looking for one.  So the matches are
    first read with a limit of :data:`FEW_MATCHES` + 1: when there are no
    more, the page looks those requests up by id; otherwise the word is
    common and walking the requests by number finds a page quickly.
    ``stmt`` unchanged and ``None`` when the query has no words.
    """
    dialect_name = dbsession.get_bind().dialect.name
    found = words(query)
    if not found:
        return stmt, None
    if dialect_name == "sqlite":
        return (stmt.join(_FTS, _FTS.c.rowid == Request.id)
                .where(sa.text("requests_search_fts MATCH :fts_query")
                       .bindparams(fts_query=_expression(dialect_name, found))), _FTS.c.rowid)
    matches = matching_ids(dialect_name, query)
    few = dbsession.scalars(matches.limit(FEW_MATCHES + 1)).all()
    if len(few) <= FEW_MATCHES:
        return stmt.where(Request.id.in_(few)), Request.id
    return stmt.where(Request.id.in_(matches)), Request.id
