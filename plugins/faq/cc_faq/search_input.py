"""What a visitor typed into the search box, made safe for the index.

Search strings are untrusted and arrive in every shape: quotes left open,
FTS operators, SQL fragments, 10 kB of pasted text.  Instead of escaping
the full-text syntax of two databases, the text is reduced to a small,
typed structure: words (letters and digits only), optionally marked as
prefixes (``pass*``), and quoted phrases.  The dialect module builds each
database's query language from that structure alone, so nothing the
visitor typed ever reaches the index as syntax.
"""
from __future__ import annotations

import dataclasses
import re

MAX_INPUT = 500         # characters looked at; the rest of a paste is ignored
MAX_TERMS = 8           # more words narrow nothing and only cost time
MAX_WORD = 40           # longer "words" are noise (hashes, base64)
MIN_PREFIX = 2          # "a*" would match half the index

_WORD = re.compile(r"[^\W_]+")
_TOKEN = re.compile(r'"([^"]*)"?|([^\s"]+)')

#: Words too common to narrow a search in either language of the portal.
#: They are dropped when the query has other words; a query made of them
#: alone is still searched.
STOPWORDS = frozenset("""
a an and are as at be but by can do does for from how i if in is it my of on or so that the this to was we what
when where which who why will with you your me our not no
og i jeg det er en et til på som av med for har du de ikke den om vi kan hvordan hva hvor min mitt mine
""".split())


@dataclasses.dataclass(frozen=True)
class Term:
    """A word, a prefix (``prefix=True``) or a phrase (several ``words``)."""

    words: tuple[str, ...]
    prefix: bool = False

    @property
    def is_phrase(self) -> bool:
        return len(self.words) > 1


@dataclasses.dataclass(frozen=True)
class Query:
    terms: tuple[Term, ...]

    def __bool__(self) -> bool:
        return bool(self.terms)

    @property
    def words(self) -> list[str]:
        """Every word of the query, for highlighting and for display."""
        return [word for term in self.terms for word in term.words]


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text) if len(w) <= MAX_WORD]


def parse(text: str | None, *, last_is_prefix: bool = False, drop_stopwords: bool = True) -> Query:
    """Parse ``text`` into a :class:`Query` (empty when nothing searchable is left).

    ``"two words"`` is a phrase, ``word*`` a prefix.  ``last_is_prefix``
    treats the last bare word as a prefix: text that is still being typed.
    """
    text = (text or "")[:MAX_INPUT]
    terms: list[Term] = []
    for match in _TOKEN.finditer(text):
        phrase, bare = match.groups()
        if phrase is not None:
            words = _words(phrase)
            if words:
                terms.append(Term(tuple(words[:MAX_TERMS])))
            continue
        words = _words(bare)
        if not words:
            continue
        # "e-mail" or "o'clock" are one bare token but several words: a phrase.
        prefix = bare.endswith("*") and len(words[-1]) >= MIN_PREFIX
        terms.append(Term(tuple(words[:MAX_TERMS]), prefix=prefix))
    if last_is_prefix and terms and not terms[-1].is_phrase and not text.rstrip().endswith('"'):
        last = terms[-1]
        if len(last.words[0]) >= MIN_PREFIX and not text[-1:].isspace():
            terms[-1] = Term(last.words, prefix=True)
    if drop_stopwords:
        kept = [t for t in terms if t.is_phrase or t.prefix or t.words[0] not in STOPWORDS]
        terms = kept or terms
    unique: list[Term] = []
    for term in terms:
        if term not in unique:
            unique.append(term)
    return Query(tuple(unique[:MAX_TERMS]))
