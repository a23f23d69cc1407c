"""``/api/v1/me/preferences`` and ``PATCH /api/v1/me``: the preferences page's fields and checks through the API."""
import pytest

import prefs_testplugin
from cc_core.testing import api_conforms, api_token, fuzz_api, person_by_email

pytestmark = [pytest.mark.cc_plugins("preferences", extra=[("testprefs", prefs_testplugin)]),
              pytest.mark.cc_settings({"cc.api.rate_limit": "100000"})]

PREFS = "/api/v1/me/preferences"


@pytest.fixture(autouse=True)
def clear_saved():
    prefs_testplugin.SAVED.clear()


def test_reading_gives_what_the_page_shows(testapp, dbsession, api_document):
    got = api_conforms(api_document, "GET", PREFS, testapp.get(PREFS, headers=api_token(dbsession, "demo@example.com",
                                                                                 scope="read")))
    assert got.json == {"language": "en", "timezone": "Europe/Oslo", "testprefs_colour": "blue",
                        "testprefs_digest": False, "testprefs_page_size": 25}
    described = api_document["paths"][PREFS]["patch"]["requestBody"]["content"]["application/json"]["schema"]
    assert set(described["properties"]) == set(got.json) and "required" not in described
    # A PATCH may send null to empty a setting, as in a JSON merge patch.
    assert described["properties"]["testprefs_page_size"] == {"anyOf": [
        {"type": "integer", "minimum": 5, "maximum": 100, "title": "Rows per page"}, {"type": "null"}]}


def test_patch_changes_only_the_named_settings_and_notifies(testapp, dbsession, api_document):
    headers = api_token(dbsession, "demo@example.com")
    changed = api_conforms(api_document, "PATCH", PREFS, testapp.patch_json(
        PREFS, {"timezone": "America/New_York", "testprefs_page_size": 50, "testprefs_digest": True},
        headers=headers))
    assert changed.json == {"language": "en", "timezone": "America/New_York", "testprefs_colour": "blue",
                            "testprefs_digest": True, "testprefs_page_size": 50}
    person = person_by_email(dbsession, "demo@example.com", fresh=True)
    assert (person.timezone, person.preference("testprefs_page_size"), person.name) == \
        ("America/New_York", 50, "Dana Demo")
    assert prefs_testplugin.SAVED == [("demo@example.com", ["testprefs_digest", "testprefs_page_size", "timezone"])]
    # A setting left out keeps its value: the digest stays on when only the colour is sent.
    again = testapp.patch_json(PREFS, {"testprefs_colour": "blue"}, headers=headers).json
    assert again["testprefs_digest"] is True
    assert len(prefs_testplugin.SAVED) == 1  # nothing changed: nobody notified


def test_the_language_chosen_answers_in_it(testapp, dbsession):
    headers = api_token(dbsession, "demo@example.com")
    testapp.patch_json(PREFS, {"language": "nb"}, headers=headers)
    refused = testapp.patch_json(PREFS, {"timezone": "Mars/Olympus_Mons"}, headers=headers, status=422)
    assert refused.json["title"] == "Noen felt ble ikke godtatt." and set(refused.json["errors"]) == {"timezone"}


@pytest.mark.parametrize(("body", "field"), [
    ({"language": "xx"}, "language"), ({"timezone": "Mars/Olympus_Mons"}, "timezone"),
    ({"testprefs_page_size": 1000}, "testprefs_page_size"), ({"testprefs_page_size": "many"}, "testprefs_page_size"),
    ({"testprefs_colour": "red", "testprefs_digest": True}, "testprefs_digest"),  # the plugin's own check
    ({"language": ["en", "nb"]}, "language"), ({"timezone": 42}, "timezone"),
])
def test_refused_settings_are_named_in_the_problem_and_nothing_is_saved(testapp, dbsession, api_document, body, field):
    headers = api_token(dbsession, "demo@example.com")
    refused = api_conforms(api_document, "PATCH", PREFS, testapp.patch_json(PREFS, body, headers=headers, status=422))
    assert refused.content_type == "application/problem+json" and field in refused.json["errors"]
    assert testapp.get(PREFS, headers=headers).json["testprefs_page_size"] == 25
    assert prefs_testplugin.SAVED == []


def test_a_read_token_and_no_token_may_not_change_anything(testapp, dbsession, api_document):
    read_only = api_token(dbsession, "demo@example.com", scope="read")
    for path in (PREFS, "/api/v1/me"):
        refused = api_conforms(api_document, "PATCH", path,
                               testapp.patch_json(path, {"name": "Mallory"}, headers=read_only, status=403))
        assert "insufficient_scope" in refused.headers["WWW-Authenticate"]
        api_conforms(api_document, "PATCH", path, testapp.patch_json(path, {"name": "Mallory"}, status=401))
    api_conforms(api_document, "GET", PREFS, testapp.get(PREFS, status=401))
    assert person_by_email(dbsession, "demo@example.com", fresh=True).name == "Dana Demo"


def test_a_session_caller_needs_the_csrf_token(testapp, login, dbsession):
    login(testapp, "demo@example.com")
    testapp.patch_json(PREFS, {"timezone": "UTC"}, status=400)
    testapp.patch_json("/api/v1/me", {"name": "Mallory"}, status=400)
    token = testapp.get("/api/v1/me").headers["X-CSRF-Token"]
    assert testapp.patch_json(PREFS, {"timezone": "UTC"}, headers={"X-CSRF-Token": token}).json["timezone"] == "UTC"
    assert testapp.patch_json("/api/v1/me", {"name": "Dana S."}, headers={"X-CSRF-Token": token}).json["name"] == \
        "Dana S."


def test_each_caller_changes_only_their_own(testapp, dbsession):
    testapp.patch_json("/api/v1/me", {"name": "Oscar O."}, headers=api_token(dbsession, "other@example.net"))
    testapp.patch_json(PREFS, {"testprefs_colour": "red"}, headers=api_token(dbsession, "other@example.net"))
    demo = person_by_email(dbsession, "demo@example.com", fresh=True)
    assert (demo.name, demo.preference("testprefs_colour", "blue")) == ("Dana Demo", "blue")


def test_fuzzing_me_and_the_preferences(app, dbsession):
    ran = fuzz_api(app, api_token(dbsession, "demo@example.com"), examples=10, only="/api/v1/me")
    assert set(ran) == {"GET /api/v1/me", "PATCH /api/v1/me", "GET /api/v1/me/preferences",
                        "PATCH /api/v1/me/preferences"} and all(ran.values())
