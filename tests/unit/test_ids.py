"""Ids from URLs: only numbers a row can have."""
import pytest
from pyramid.httpexceptions import HTTPNotFound
from pyramid.testing import DummyRequest

from cc_core import api


@pytest.mark.parametrize("value,expected", [
    ("1", 1), ("2147483647", api.MAX_ID), ("2147483648", None), ("0", None), ("99999999999", None),
    ("-1", None), ("1e3", None), ("", None), (None, None), ("٣", None),
])
def test_parse_id(value, expected):
    assert api.parse_id(value) == expected


def test_matched_id_answers_not_found_for_ids_no_row_can_have():
    request = DummyRequest()
    request.matchdict = {"id": "42", "attachment_id": "99999999999"}
    assert api.matched_id(request) == 42
    with pytest.raises(HTTPNotFound):
        api.matched_id(request, "attachment_id")
    with pytest.raises(HTTPNotFound):
        api.matched_id(request, "missing")
