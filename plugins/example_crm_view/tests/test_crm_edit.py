"""The edit form: managers only, validation, history, conflicts, tampering."""
import re

import pytest
import sqlalchemy as sa

from cc_core import api
from cc_core.testing import person_by_email

from crm_edit_testing import MANAGER, example_company, history_rows, manager  # noqa: F401 - the fixture

pytestmark = pytest.mark.cc_plugins("example_crm_view")


def test_a_manager_saves_and_the_change_is_recorded(manager, dbsession):
    before = example_company(dbsession).version
    form = manager.get("/company/edit").forms["company-edit"]
    assert form["phone"].value == "+47 22 00 00 00"
    form["phone"] = "+47 21 21 21 21"
    form["city"] = "Bergen"
    response = form.submit()
    assert response.status_int == 303 and response.location.endswith("/company")
    page = response.follow()
    assert "The company's details have been saved." in page.html.select_one(".messages").text
    company = example_company(dbsession)
    assert (company.phone, company.city, company.version) == ("+47 21 21 21 21", "Bergen", before + 1)
    assert history_rows(dbsession, company.id) == [
        (before + 1, "Mona Manager", "city", "Oslo", "Bergen"),
        (before + 1, "Mona Manager", "phone", "+47 22 00 00 00", "+47 21 21 21 21"),
    ]
    entry = page.html.select_one(".crm-history li")
    assert "Mona Manager" in entry.text and "+47 21 21 21 21" in entry.text


def test_saving_without_changes_writes_nothing(manager, dbsession):
    before = example_company(dbsession).version
    page = manager.get("/company/edit").forms["company-edit"].submit().follow()
    assert "Nothing had changed" in page.html.select_one(".flash-info").text   # information, not success
    assert page.html.select_one(".flash-success") is None
    company = example_company(dbsession)
    assert company.version == before
    assert history_rows(dbsession, company.id) == []


@pytest.mark.parametrize("email", ["demo@example.com", "colleague@example.com", "other@example.net"])
def test_non_managers_get_404_for_the_form_and_its_post(testapp, login, dbsession, email):
    login(testapp, email)
    testapp.get("/company/edit", status=404)
    token = testapp.get("/company").html.select_one('#language-form input[name="csrf_token"]')["value"]
    testapp.post("/company/edit", {"csrf_token": token, "name": "Hijacked", "phone": "+1 555 0100"}, status=404)
    assert example_company(dbsession).name == "Example Ltd"


def test_a_manager_of_another_company_edits_only_their_own(testapp, login, dbsession):
    other = person_by_email(dbsession, "other@example.net")
    other.is_manager = True
    dbsession.flush()
    login(testapp, "other@example.net")
    form = testapp.get("/company/edit").forms["company-edit"]
    assert form["name"].value == "Other Corp"
    form["phone"] = "+44 20 7946 1111"
    form.submit(status=303)
    assert example_company(dbsession).phone == "+47 22 00 00 00"
    assert dbsession.scalar(sa.select(api.Company.phone).where(api.Company.id == other.company_id)) == \
        "+44 20 7946 1111"


def test_a_demoted_manager_cannot_post_a_form_shown_before(manager, dbsession):
    form = manager.get("/company/edit").forms["company-edit"]
    person_by_email(dbsession, MANAGER).is_manager = False
    dbsession.flush()
    form["name"] = "Too late"
    form.submit(status=404)
    assert example_company(dbsession).name == "Example Ltd"


def test_anonymous_post_changes_nothing(testapp, dbsession):
    # Refused before anything is looked at: no CSRF token, no person.
    testapp.post("/company/edit", {"name": "Anonymous"}, status=(400, 404))
    assert testapp.get("/company/edit", status=303).location.endswith("came_from=%2Fcompany%2Fedit")
    assert example_company(dbsession).name == "Example Ltd"


def test_a_post_without_the_csrf_token_is_refused(manager, dbsession):
    form = manager.get("/company/edit").forms["company-edit"]
    form["csrf_token"] = "forged"
    form["name"] = "Forged"
    form.submit(status=400)
    assert example_company(dbsession).name == "Example Ltd"


def test_a_tampered_version_is_refused(manager, dbsession):
    form = manager.get("/company/edit").forms["company-edit"]
    state = form["_state"].value
    # Whatever the attacker changes in the signed state breaks the signature.
    form["_state"] = state[:-3] + ("AAA" if not state.endswith("AAA") else "BBB")
    form["name"] = "Tampered"
    page = form.submit(status=400)
    assert "had been altered" in page.html.select_one(".error-summary").text
    assert page.forms["company-edit"]["name"].value == "Tampered"
    assert example_company(dbsession).name == "Example Ltd"


@pytest.mark.parametrize("field,value,message", [
    ("name", "", "Enter the company's name."),
    ("phone", "call me maybe", "Enter a phone number"),
    ("website", "https://", "Enter a web address"),
    ("website", "ftp://files.example.com", "Enter a web address"),
    ("org_number", "<b>", "Use digits and letters"),
    ("postcode", "1" * 21, "Longer than maximum length 20"),
])
def test_invalid_input_is_shown_again_with_a_message(manager, dbsession, field, value, message):
    form = manager.get("/company/edit").forms["company-edit"]
    form[field] = value
    form["city"] = "Trondheim"
    page = form.submit(status=200)
    assert message in page.html.select_one(f"#company-edit-{field}-error").text
    assert page.html.select_one(f'.error-summary a[href="#company-edit-{field}"]') is not None
    again = page.forms["company-edit"]
    assert again[field].value == value and again["city"].value == "Trondheim"
    assert example_company(dbsession).city == "Oslo"


def test_a_web_address_without_scheme_gets_https(manager, dbsession):
    form = manager.get("/company/edit").forms["company-edit"]
    form["website"] = "www.example.org"
    form.submit(status=303)
    assert example_company(dbsession).website == "https://www.example.org"


def test_a_double_click_saves_once(manager, dbsession):
    before = example_company(dbsession).version
    form = manager.get("/company/edit").forms["company-edit"]
    form["phone"] = "+47 23 23 23 23"
    first = form.submit(status=303)
    second = form.submit(status=303)
    assert second.location == first.location
    company = example_company(dbsession)
    assert company.version == before + 1
    assert len(history_rows(dbsession, company.id)) == 1


def test_the_changed_hook_is_told_what_changed(app, manager, dbsession):
    """cc_example_crm_view_on_company_changed gets the saved company and the changes."""
    calls = []

    class Listener:
        @api.hookimpl
        def cc_example_crm_view_on_company_changed(self, request, company, changes):
            calls.append((request.person.email, company, changes))

    pm = app.registry["cc.plugin_manager"]
    listener = Listener()
    pm.register(listener)
    try:
        form = manager.get("/company/edit").forms["company-edit"]
        form["phone"] = "+47 45 45 45 45"
        form.submit(status=303)
        manager.get("/company/edit").forms["company-edit"].submit(status=303)  # no change: no call
    finally:
        pm.unregister(listener)
    assert len(calls) == 1
    email, company, changes = calls[0]
    assert email == MANAGER
    assert company.phone == "+47 45 45 45 45" and company.version == example_company(dbsession).version
    assert [(c.field, c.old, c.new) for c in changes] == [("phone", "+47 22 00 00 00", "+47 45 45 45 45")]


def test_a_listener_that_fails_rolls_the_save_back(app, manager, dbsession):
    class Failing:
        @api.hookimpl
        def cc_example_crm_view_on_company_changed(self, request, company, changes):
            raise RuntimeError("CRM unreachable")

    pm = app.registry["cc.plugin_manager"]
    failing = Failing()
    pm.register(failing)
    try:
        form = manager.get("/company/edit").forms["company-edit"]
        form["phone"] = "+47 46 46 46 46"
        form.submit(status=500)
    finally:
        pm.unregister(failing)
    assert example_company(dbsession).phone == "+47 22 00 00 00"


def test_the_form_has_labels_for_every_field(manager):
    html = manager.get("/company/edit").html
    form = html.select_one("form#company-edit")
    for field in form.select("input:not([type=hidden])"):
        assert form.select_one(f'label[for="{field["id"]}"]') is not None
    assert form.select_one("#company-edit-phone")["type"] == "tel"
    assert form.select_one("#company-edit-website")["type"] == "url"
    assert re.search(r"Edit company details", html.title.text)


@pytest.mark.cc_plugins("example_crm_view", "preferences")
def test_the_managers_changes_are_in_the_download_of_their_data(manager, dbsession):
    import json

    form = manager.get("/company/edit").forms["company-edit"]
    form["city"] = "Bergen"
    form.submit(status=303)
    data = json.loads(manager.get("/preferences/data").text)
    [save] = [s for s in data["example_crm_view_changes"] if {"field": "city", "old": "Oslo", "new": "Bergen"}
              in s["fields"]]
    assert save["company_id"] == example_company(dbsession).id
