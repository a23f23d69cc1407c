"""Entity tags and the conditional headers of the API (cc_core.api_v1.conditional)."""
import pytest
from pyramid.testing import DummyRequest

from cc_core.api import ApiProblem, entity_tag, if_match_version, not_modified, tagged_result


def request(method="PATCH", **headers):
    req = DummyRequest(method=method)
    req.headers.update(headers)
    return req


def test_a_tag_names_the_resource_and_its_version():
    assert entity_tag("company-7", 3) == '"company-7.3"'


def test_without_if_match_a_write_is_428():
    with pytest.raises(ApiProblem) as refused:
        if_match_version(request(), "company-7")
    assert refused.value.status == 428


@pytest.mark.parametrize("header", ['"company-8.3"', "*", 'W/"company-7.3"', "company-7.3", '"company-7.x"',
                                    '"company-7.3', "", '"company-7.99999999999999999999"'])
def test_a_tag_that_cannot_name_a_version_of_this_resource_is_412_with_the_current_tag(header):
    with pytest.raises(ApiProblem) as refused:
        if_match_version(request(**{"If-Match": header}), "company-7", current=4)
    assert refused.value.status == 412
    assert refused.value.headers == {"ETag": '"company-7.4"'}


def test_the_version_named_is_given_to_the_compare_and_set_highest_first():
    assert if_match_version(request(**{"If-Match": '"company-7.3"'}), "company-7") == 3
    assert if_match_version(request(**{"If-Match": '"company-7.2", "company-8.9", "company-7.5"'}), "company-7") == 5


def test_if_none_match_compares_weakly_and_takes_a_star():
    tag = entity_tag("company-7", 3)
    assert not_modified(request("GET", **{"If-None-Match": tag}), tag)
    assert not_modified(request("GET", **{"If-None-Match": f'"other.1", W/{tag}'}), tag)
    assert not_modified(request("GET", **{"If-None-Match": "*"}), tag)
    assert not not_modified(request("GET", **{"If-None-Match": '"company-7.2"'}), tag)
    assert not not_modified(request("GET"), tag)


def test_a_tagged_read_is_304_without_a_body_when_unchanged():
    tag = entity_tag("company-7", 3)
    unchanged = tagged_result(request("GET", **{"If-None-Match": tag}), {"a": 1}, tag)
    assert (unchanged.status, unchanged.body, unchanged.headers["ETag"]) == (304, None, tag)
    changed = tagged_result(request("GET", **{"If-None-Match": '"company-7.2"'}), {"a": 1}, tag)
    assert (changed.status, changed.body, changed.headers["ETag"]) == (200, {"a": 1}, tag)
    # A write answers with its new tag whatever If-None-Match says.
    assert tagged_result(request("PATCH", **{"If-None-Match": tag}), {"a": 1}, tag).status == 200
