"""Parsing what visitors type, and the query languages built from it."""
import pytest

from cc_faq import dialects
from cc_faq.search_input import MAX_TERMS, Term, parse


def test_words_phrases_and_prefixes():
    query = parse('Reset "two factor" pass* the')
    assert query.terms == (Term(("reset",)), Term(("two", "factor")), Term(("pass",), prefix=True))


def test_stopwords_are_dropped_unless_nothing_else_is_left():
    assert parse("how do I reset my password").words == ["reset", "password"]
    assert parse("the").words == ["the"]


def test_typing_makes_the_last_word_a_prefix():
    assert parse("reset passw", last_is_prefix=True).terms[-1] == Term(("passw",), prefix=True)
    assert parse("reset passw ", last_is_prefix=True).terms[-1] == Term(("passw",))


def test_words_with_inner_punctuation_become_phrases():
    assert parse("e-mail").terms == (Term(("e", "mail")),)


@pytest.mark.parametrize("text", ['"', '""', "***", "' OR 1=1 --", "NEAR(a b)", "-- ;", "\x00\x01", "a*", "* *",
                                  "AND OR NOT", "(((", ":*", "&|!", "x" * 10_000])
def test_hostile_input_gives_a_safe_or_empty_query(text):
    query = parse(text)
    for term in query.terms:
        assert all(word.isalnum() for word in term.words)
    # Whatever the parse, the built expressions quote every word.
    fts = dialects.fts5_expression(query, False)
    tsq = dialects.tsquery_expression(query, True)
    for term in query.terms:
        assert '"' + " ".join(term.words) + '"' in fts
        assert " <-> ".join(f"'{word}'" for word in term.words) in tsq


def test_long_input_is_bounded():
    query = parse(" ".join(f"word{i}" for i in range(1000)))
    assert len(query.terms) == MAX_TERMS


def test_expressions():
    query = parse('"two factor" pass* reset')
    assert dialects.fts5_expression(query, False) == '"two factor" AND "pass"* AND "reset"'
    assert dialects.tsquery_expression(query, True) == "('two' <-> 'factor') | 'pass':* | 'reset'"
