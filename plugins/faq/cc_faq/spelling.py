"""DIALECT-SPECIFIC SQL: "Did you mean …?" from the search index's own words.

When a search finds nothing, each word of the query that the index does
not know is compared with the known words that start with the same
letter and are about as long, and the closest one (``difflib``'s ratio,
at least :data:`CUTOFF`) replaces it: "pasword" becomes "password".
Only words the articles really contain are ever suggested.

Where the words come from:

* SQLite: the FTS5 indexes themselves, through ``fts5vocab`` tables
  (``faq_article_fts_vocab``, ``faq_article_version_fts_vocab``), so the
  list is always exactly the indexed words.
* PostgreSQL: ``faq_word``, filled by triggers with every word of an
  article or version when it is saved (``to_tsvector('simple', ...)``);
  words of deleted text stay until the table is rebuilt, which at worst
  suggests a word that finds nothing.
"""
from __future__ import annotations

import difflib

from .dialects import DialectScript, execute_for_dialect
from .search_input import Query

CUTOFF = 0.75
MIN_LENGTH = 4
MAX_CANDIDATES = 5000

#: PostgreSQL's trigger body: the words of a saved article or version.
_COLLECT = ("INSERT INTO faq_word (word) SELECT DISTINCT lexeme FROM unnest(to_tsvector('simple',"
            " coalesce(NEW.question, '') || ' ' || coalesce(NEW.answer_text, '')))"
            " WHERE length(lexeme) BETWEEN 3 AND 40 ON CONFLICT DO NOTHING")
#: Where the known words come from.
SCRIPT = DialectScript(
    sqlite_install=[
        "CREATE VIRTUAL TABLE faq_article_fts_vocab USING fts5vocab(faq_article_fts, 'row')",
        "CREATE VIRTUAL TABLE faq_article_version_fts_vocab USING fts5vocab(faq_article_version_fts, 'row')",
    ],
    sqlite_uninstall=[
        "DROP TABLE IF EXISTS faq_article_version_fts_vocab",
        "DROP TABLE IF EXISTS faq_article_fts_vocab",
    ],
    postgresql_install=[
        "CREATE TABLE faq_word (word varchar(40) PRIMARY KEY)",
        f"CREATE FUNCTION faq_word_collect() RETURNS trigger AS $$ BEGIN {_COLLECT}; RETURN NULL; END"
        " $$ LANGUAGE plpgsql",
        "CREATE TRIGGER faq_article_words AFTER INSERT OR UPDATE OF question, answer_text ON faq_article"
        " FOR EACH ROW EXECUTE FUNCTION faq_word_collect()",
        "CREATE TRIGGER faq_article_version_words AFTER INSERT OR UPDATE OF question, answer_text"
        " ON faq_article_version FOR EACH ROW EXECUTE FUNCTION faq_word_collect()",
        "INSERT INTO faq_word (word) SELECT DISTINCT lexeme FROM (SELECT question, answer_text FROM faq_article"
        " UNION ALL SELECT question, answer_text FROM faq_article_version) t,"
        " unnest(to_tsvector('simple', t.question || ' ' || t.answer_text))"
        " WHERE length(lexeme) BETWEEN 3 AND 40 ON CONFLICT DO NOTHING",
    ],
    postgresql_uninstall=[
        "DROP TRIGGER IF EXISTS faq_article_version_words ON faq_article_version",
        "DROP TRIGGER IF EXISTS faq_article_words ON faq_article",
        "DROP FUNCTION IF EXISTS faq_word_collect()",
        "DROP TABLE IF EXISTS faq_word",
    ],
)


_KNOWN_WORDS = {
    "sqlite": ("SELECT term FROM faq_article_fts_vocab WHERE term >= :lo AND term < :hi"
               " AND length(term) BETWEEN :short AND :long"
               " UNION SELECT term FROM faq_article_version_fts_vocab WHERE term >= :lo AND term < :hi"
               " AND length(term) BETWEEN :short AND :long LIMIT :cap"),
    "postgresql": ("SELECT word FROM faq_word WHERE word >= :lo AND word < :hi"
                   " AND length(word) BETWEEN :short AND :long LIMIT :cap"),
}


def _known_words(dbsession, word: str) -> list[str]:
    """Indexed words starting with ``word``'s first letter, at most two letters longer or shorter."""
    params = {"lo": word[0], "hi": chr(ord(word[0]) + 1), "short": len(word) - 2, "long": len(word) + 2,
              "cap": MAX_CANDIDATES}
    return list(execute_for_dialect(dbsession, _KNOWN_WORDS, params).scalars())


def suggestion(dbsession, query: Query) -> str | None:
    """The query with its unknown words replaced by the closest known ones; ``None`` if none is."""
    words = [word for term in query.terms for word in term.words]
    changed, corrected = False, []
    for word in words[:6]:
        if len(word) < MIN_LENGTH or not word.isalpha():
            corrected.append(word)
            continue
        known = _known_words(dbsession, word)
        if word in known:
            corrected.append(word)
            continue
        close = difflib.get_close_matches(word, known, n=1, cutoff=CUTOFF)
        corrected.append(close[0] if close else word)
        changed = changed or bool(close)
    return " ".join(corrected) if changed else None
