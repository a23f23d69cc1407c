"""``api.search_text``: what every search box (the home page's, a plugin's list) reads from its parameter."""
import pytest

from cc_core import api


@pytest.mark.parametrize("typed, read", [
    ("  printer   toner ", "printer toner"),
    ("a\tb\nc", "a b c"),
    ("", ""),
    (None, ""),
    (["two", "values"], ""),
])
def test_spaces_are_collapsed_and_anything_but_text_is_none(typed, read):
    assert api.search_text(typed) == read


def test_long_text_is_cut_before_its_spaces_are_collapsed():
    assert api.search_text("x" * (api.MAX_SEARCH_TEXT + 50)) == "x" * api.MAX_SEARCH_TEXT
    assert len(api.search_text("ab " * 1000)) <= api.MAX_SEARCH_TEXT
