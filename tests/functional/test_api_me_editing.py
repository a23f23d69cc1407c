"""``PATCH /api/v1/me``: the caller's name and phones, checked as the preferences page checks them."""
import pytest

from cc_core.testing import api_conforms, api_token, person_by_email

# No plugin: the core serves PATCH /api/v1/me on its own.
pytestmark = pytest.mark.cc_plugins()


def test_patch_me_changes_name_and_phones_as_the_page_checks_them(testapp, dbsession, api_document):
    headers = api_token(dbsession, "demo@example.com")
    changed = api_conforms(api_document, "PATCH", "/api/v1/me", testapp.patch_json(
        "/api/v1/me", {"name": "  Dana D. Demo ", "mobile": "+47 911 22 333"}, headers=headers))
    assert (changed.json["name"], changed.json["mobile"], changed.json["phone"]) == \
        ("Dana D. Demo", "+47 911 22 333", "+47 400 00 001")
    assert changed.json["token"]["scope"] == "read-write"
    cleared = testapp.patch_json("/api/v1/me", {"phone": None}, headers=headers).json
    assert cleared["phone"] == "" and person_by_email(dbsession, "demo@example.com", fresh=True).phone == ""
    for body, field in (({"name": ""}, "name"), ({"name": "Eve\r\nBcc: x@example.org"}, "name"),
                        ({"phone": "1" * 41}, "phone"), ({"mobile": 4791122333}, "mobile")):
        refused = api_conforms(api_document, "PATCH", "/api/v1/me",
                           testapp.patch_json("/api/v1/me", body, headers=headers, status=422))
        assert list(refused.json["errors"]) == [field]
    assert person_by_email(dbsession, "demo@example.com", fresh=True).name == "Dana D. Demo"


def test_email_and_password_are_refused_by_name_and_left_to_the_pages(testapp, dbsession, api_document):
    headers = api_token(dbsession, "demo@example.com")
    before = person_by_email(dbsession, "demo@example.com", fresh=True).password_hash
    refused = api_conforms(api_document, "PATCH", "/api/v1/me", testapp.patch_json(
        "/api/v1/me", {"name": "Dana", "email": "mallory@example.org", "password": "x" * 20}, headers=headers,
        status=422))
    assert set(refused.json["errors"]) == {"email", "password"}
    assert "preferences page" in refused.json["errors"]["email"]
    person = person_by_email(dbsession, "demo@example.com", fresh=True)
    assert (person.email, person.password_hash, person.name) == ("demo@example.com", before, "Dana Demo")
    described = api_document["paths"]["/api/v1/me"]["patch"]
    assert set(described["requestBody"]["content"]["application/json"]["schema"]["properties"]) == \
        {"name", "phone", "mobile"}


def test_a_read_token_no_token_and_a_session_without_csrf_change_nothing(testapp, login, dbsession, api_document):
    read_only = api_token(dbsession, "demo@example.com", scope="read")
    refused = api_conforms(api_document, "PATCH", "/api/v1/me",
                       testapp.patch_json("/api/v1/me", {"name": "Mallory"}, headers=read_only, status=403))
    assert "insufficient_scope" in refused.headers["WWW-Authenticate"]
    api_conforms(api_document, "PATCH", "/api/v1/me", testapp.patch_json("/api/v1/me", {"name": "Mallory"}, status=401))
    login(testapp, "demo@example.com")
    testapp.patch_json("/api/v1/me", {"name": "Mallory"}, status=400)
    assert person_by_email(dbsession, "demo@example.com", fresh=True).name == "Dana Demo"
    token = testapp.get("/api/v1/me").headers["X-CSRF-Token"]
    changed = testapp.patch_json("/api/v1/me", {"name": "Dana S."}, headers={"X-CSRF-Token": token})
    assert changed.json["name"] == "Dana S." and changed.json["token"] is None


def test_each_caller_changes_only_their_own_profile(testapp, dbsession):
    testapp.patch_json("/api/v1/me", {"name": "Oscar O."}, headers=api_token(dbsession, "other@example.net"))
    assert person_by_email(dbsession, "demo@example.com", fresh=True).name == "Dana Demo"
    assert person_by_email(dbsession, "other@example.net", fresh=True).name == "Oscar O."
