"""The shared field builders of cc_core.fields: the same checks wherever a form asks."""
import colander
import pytest
from pyramid import testing as pyramid_testing

from cc_core import api


@pytest.fixture
def request_():
    request = pyramid_testing.DummyRequest()
    request.registry.settings = {"cc.languages": "en nb", "cc.password.min_length": "10"}
    return request


def schema(*nodes):
    result = colander.Schema()
    for node in nodes:
        result.add(node)
    return result


def test_an_email_is_stored_lower_case_and_must_be_deliverable():
    node = schema(api.email_node())
    assert node.deserialize({"email": "  Dana@Example.COM "}) == {"email": "dana@example.com"}
    for bad in ("dana", "dana@localhost", "dana@example.123", "dana@-bad.example", "x@example.com\nBcc: y@z.io"):
        with pytest.raises(colander.Invalid):
            node.deserialize({"email": bad})


def test_names_and_phones_are_single_lines_of_a_limited_length():
    node = schema(api.name_node(), api.phone_node())
    assert node.deserialize({"name": "Dana Demo", "phone": ""}) == {"name": "Dana Demo", "phone": ""}
    for values in ({"name": "Eve\r\nBcc: x@example.com"}, {"name": "x" * 201}, {"name": "Dana", "phone": "1" * 41}):
        with pytest.raises(colander.Invalid) as refused:
            node.deserialize(values)
        assert set(refused.value.asdict()) <= {"name", "phone"}


def test_a_builder_takes_another_name_title_and_message():
    node = api.name_node("contact", title="Contact person", missing_msg="Enter the contact.")
    assert (node.name, node.title, node.missing_msg) == ("contact", "Contact person", "Enter the contact.")
    assert api.phone_node("mobile").missing == ""


def test_language_and_time_zone_offer_only_what_the_portal_has(request_):
    node = schema(api.language_node(request_), api.timezone_node())
    assert [code for code, _label in node["language"].choices] == ["en", "nb"]
    assert node.deserialize({"language": "nb", "timezone": "Europe/Oslo"})["timezone"] == "Europe/Oslo"
    for values in ({"language": "de", "timezone": "UTC"}, {"language": "en", "timezone": "US/Pacific"}):
        with pytest.raises(colander.Invalid):
            node.deserialize(values)


def test_a_new_password_must_match_its_confirmation(request_):
    nodes = api.new_password_nodes(request_)
    assert [node.name for node in nodes] == ["password", "password_confirm"]
    errors = api.check_new_password(request_, {"password": "one long phrase", "password_confirm": "another"},
                                    "dana@example.com", "Dana")
    assert list(errors) == ["password_confirm"]
