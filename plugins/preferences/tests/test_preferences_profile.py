"""The profile page: the core fields, other plugins' fieldsets, and the hooks."""
import pytest

import prefs_testplugin
from cc_core.testing import person_by_email as cached_person_by_email

pytestmark = pytest.mark.cc_plugins("preferences", extra=[("testprefs", prefs_testplugin)])


def person_by_email(dbsession, email):
    dbsession.expire_all()
    return cached_person_by_email(dbsession, email)


@pytest.fixture(autouse=True)
def clear_saved():
    prefs_testplugin.SAVED.clear()


def test_anonymous_visitors_are_sent_to_log_in(testapp):
    response = testapp.get("/preferences")
    assert response.status_int == 303 and "/login" in response.location
    testapp.post("/preferences", {"name": "Mallory"}, status=404)


def test_the_page_shows_the_persons_values_and_every_plugin_fieldset(testapp, login):
    login(testapp, "demo@example.com")
    page = testapp.get("/preferences")
    form = page.forms["preferences"]
    assert form["name"].value == "Dana Demo" and form["phone"].value == "+47 400 00 001"
    assert form["language"].value == "en" and form["timezone"].value == "Europe/Oslo"
    assert "<legend>Test plugin settings</legend>" in page.text
    assert form["testprefs_colour"].value == "blue" and form["testprefs_page_size"].value == "25"
    assert page.text.count('name="name"') == 1  # the clashing plugin field is left out
    assert 'aria-current="page"' in page.text and "Preferences" in page.text


def test_saving_sets_core_and_plugin_fields_together(testapp, login, dbsession):
    login(testapp, "demo@example.com")
    form = testapp.get("/preferences").forms["preferences"]
    form["name"] = "Dana D. Demo"
    form["mobile"] = "+47 911 22 333"
    form["timezone"] = "America/New_York"
    form["testprefs_colour"] = "red"
    form["testprefs_page_size"] = "50"
    page = form.submit().follow()
    assert "Your preferences have been saved." in page.text
    person = person_by_email(dbsession, "demo@example.com")
    assert (person.name, person.mobile, person.timezone) == ("Dana D. Demo", "+47 911 22 333", "America/New_York")
    assert person.preference("testprefs_colour") == "red" and person.preference("testprefs_page_size") == 50
    assert prefs_testplugin.SAVED == [("demo@example.com", ["mobile", "name", "testprefs_colour",
                                                            "testprefs_page_size", "timezone"])]
    again = testapp.get("/preferences").forms["preferences"]
    assert again["testprefs_colour"].value == "red" and again["testprefs_page_size"].value == "50"


def test_saving_nothing_new_notifies_nobody(testapp, login):
    login(testapp, "demo@example.com")
    testapp.get("/preferences").forms["preferences"].submit()
    assert prefs_testplugin.SAVED == []  # the defaults shown are not a change


def test_plugin_fields_are_validated_with_the_rest(testapp, login, dbsession):
    login(testapp, "demo@example.com")
    form = testapp.get("/preferences").forms["preferences"]
    form["name"] = "Renamed"
    form["testprefs_page_size"] = "1000"
    page = form.submit()
    assert page.status_int == 200 and 'id="preferences-testprefs_page_size-error"' in page.text
    assert page.forms["preferences"]["name"].value == "Renamed"
    assert person_by_email(dbsession, "demo@example.com").name == "Dana Demo"  # nothing saved
    assert prefs_testplugin.SAVED == []


def test_validation_hooks_see_plugin_fields(testapp, login):
    login(testapp, "demo@example.com")
    form = testapp.get("/preferences").forms["preferences"]
    form["testprefs_colour"] = "red"
    form["testprefs_digest"] = True
    page = form.submit()
    assert "No digest for red lovers." in page.text


@pytest.mark.parametrize(("field", "value"), [("language", "xx"), ("timezone", "Mars/Olympus_Mons"),
                                              ("name", ""), ("name", "Eve\r\nBcc: x@example.org"),
                                              ("phone", "1" * 41)])
def test_bad_values_are_refused(testapp, login, dbsession, field, value):
    login(testapp, "demo@example.com")
    form = testapp.get("/preferences").forms["preferences"]
    if field in ("language", "timezone"):
        form[field].force_value(value)
    else:
        form[field] = value
    page = form.submit()
    assert page.status_int == 200 and f'id="preferences-{field}-error"' in page.text


def test_choosing_norwegian_shows_the_portal_in_norwegian(testapp, login):
    login(testapp, "demo@example.com")
    form = testapp.get("/preferences").forms["preferences"]
    form["language"] = "nb"
    page = form.submit().follow()
    assert '<html lang="nb"' in page.text and "Innstillinger" in page.text


def test_names_are_escaped(testapp, login):
    login(testapp, "demo@example.com")
    form = testapp.get("/preferences").forms["preferences"]
    form["name"] = "<b>Dana</b>"
    page = form.submit().follow()
    assert "<b>Dana</b>" not in page.text and "&lt;b&gt;Dana&lt;/b&gt;" in page.text


def test_each_person_edits_only_their_own_profile(testapp, login, dbsession):
    login(testapp, "other@example.net")
    form = testapp.get("/preferences").forms["preferences"]
    assert form["name"].value == "Oscar Other"
    form["name"] = "Oscar O."
    form.submit()
    assert person_by_email(dbsession, "demo@example.com").name == "Dana Demo"
