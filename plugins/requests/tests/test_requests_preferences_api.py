"""The requests plugin's settings through ``/api/v1/me/preferences``: the same fields and effect as on the page."""
import pytest

from cc_core.testing import api_conforms, api_token, person_by_email
from requests_testing import request_of

pytestmark = pytest.mark.cc_plugins("requests", "preferences")

PREFS = "/api/v1/me/preferences"


def test_message_order_and_reply_mails_are_read_and_changed_through_the_api(testapp, login, dbsession, api_document):
    headers = api_token(dbsession, "demo@example.com")
    got = api_conforms(api_document, "GET", PREFS, testapp.get(PREFS, headers=headers)).json
    assert (got["requests_message_order"], got["requests_notify_on_reply"]) == ("oldest", True)
    described = api_document["paths"][PREFS]["patch"]["requestBody"]["content"]["application/json"]["schema"]
    # The PATCH body's member: the choices, or null (a merge patch's "empty this").
    choices, empty = described["properties"]["requests_message_order"]["anyOf"]
    assert (choices["enum"], empty) == (["oldest", "newest"], {"type": "null"})
    changed = api_conforms(api_document, "PATCH", PREFS, testapp.patch_json(
        PREFS, {"requests_message_order": "newest", "requests_notify_on_reply": False}, headers=headers)).json
    assert (changed["requests_message_order"], changed["requests_notify_on_reply"]) == ("newest", False)
    # A box left out of a PATCH keeps its value (a page's unticked box would read as "off").
    testapp.patch_json(PREFS, {"requests_message_order": "oldest"}, headers=headers)
    testapp.patch_json(PREFS, {"requests_notify_on_reply": True}, headers=headers)
    person = person_by_email(dbsession, "demo@example.com", fresh=True)
    assert (person.preference("requests_message_order"), person.preference("requests_notify_on_reply")) == \
        ("oldest", True)
    # The setting changed through the API orders the request's page, as the page's own form does.
    testapp.patch_json(PREFS, {"requests_message_order": "newest"}, headers=headers)
    login(testapp, "demo@example.com")
    req = request_of(dbsession, "demo@example.com", "colleague")
    ids = [int(a["id"].split("-")[1]) for a in testapp.get(f"/requests/{req.id}").html.select("article.message")]
    assert len(ids) > 1 and ids == sorted(ids, reverse=True)
    refused = testapp.patch_json(PREFS, {"requests_message_order": "random"}, headers=headers, status=422)
    assert set(refused.json["errors"]) == {"requests_message_order"}
