"""The edit form's optimistic lock: two people editing one company, and a refused state."""
import pytest

from crm_edit_testing import MANAGER, example_company, history_rows, manager  # noqa: F401 - the fixture

pytestmark = pytest.mark.cc_plugins("example_crm_view")


def test_a_conflict_shows_both_values_and_keeps_what_was_typed(manager, login, new_testapp, dbsession):
    mine = manager.get("/company/edit").forms["company-edit"]
    colleague = new_testapp("192.0.2.44")
    login(colleague, MANAGER)
    theirs = colleague.get("/company/edit").forms["company-edit"]
    theirs["phone"] = "+47 11 11 11 11"
    theirs["website"] = "https://their.example"
    theirs.submit(status=303)

    mine["phone"] = "+47 99 99 99 99"
    mine["address"] = "Nygata 7"
    page = mine.submit(status=409)
    html = page.html
    assert "Somebody else saved" in html.select_one(".error-summary").text
    assert "Saved meanwhile by Mona Manager" in html.select_one(".crm-conflict h2").text
    row = html.select_one(".crm-conflict tr.crm-conflict-phone")
    assert (row.select_one(".theirs").text, row.select_one(".yours").text) == ("+47 11 11 11 11",
                                                                                 "+47 99 99 99 99")
    assert "Saved meanwhile as “+47 11 11 11 11”" in html.select_one("#company-edit-phone-error").text
    # Their change to a field I left alone is taken over, and listed.
    assert "https://their.example" in html.select_one(".crm-merged-website").text
    again = page.forms["company-edit"]
    assert again["phone"].value == "+47 99 99 99 99"
    assert again["address"].value == "Nygata 7"
    assert again["website"].value == "https://their.example"
    assert example_company(dbsession).phone == "+47 11 11 11 11"

    # Saving again (the form now carries the new version) resolves it.
    again.submit(status=303)
    company = example_company(dbsession)
    assert (company.phone, company.address, company.website) == ("+47 99 99 99 99", "Nygata 7",
                                                                 "https://their.example")
    versions = {row.version for row in history_rows(dbsession, company.id)}
    assert len(versions) == 2


def test_a_conflict_on_fields_only_they_changed_still_shows_the_form(manager, login, new_testapp, dbsession):
    mine = manager.get("/company/edit").forms["company-edit"]
    other = new_testapp("192.0.2.45")
    login(other, MANAGER)
    theirs = other.get("/company/edit").forms["company-edit"]
    theirs["city"] = "Drammen"
    theirs.submit(status=303)
    mine["phone"] = "+47 31 31 31 31"
    page = mine.submit(status=409)
    assert page.html.select_one(".crm-conflict table") is None
    assert page.forms["company-edit"]["city"].value == "Drammen"
    assert example_company(dbsession).phone == "+47 22 00 00 00"
    page.forms["company-edit"].submit(status=303)
    company = example_company(dbsession)
    assert (company.city, company.phone) == ("Drammen", "+47 31 31 31 31")


def test_the_old_version_cannot_be_replayed_after_a_conflict(manager, login, new_testapp, dbsession):
    """The signed state of the first form still names the old version: it keeps conflicting."""
    mine = manager.get("/company/edit").forms["company-edit"]
    other = new_testapp("192.0.2.46")
    login(other, MANAGER)
    theirs = other.get("/company/edit").forms["company-edit"]
    theirs["name"] = "Example Limited"
    theirs.submit(status=303)
    mine["name"] = "Example Ltd."
    mine.submit(status=409)
    state = mine["_state"].value
    stale = manager.get("/company/edit").forms["company-edit"]
    stale["_state"] = state
    stale["name"] = "Example Ltd."
    stale.submit(status=409)
    assert example_company(dbsession).name == "Example Limited"


def test_after_a_refused_state_the_next_post_cannot_overwrite_a_colleagues_change(manager, dbsession):
    """The re-shown form does not know what the manager saw: it checks before it writes."""
    form = manager.get("/company/edit").forms["company-edit"]
    form["_state"] = "forged"
    form["phone"] = "+47 22 11 11 11"
    page = form.submit(status=400)
    # Meanwhile a colleague saves another name.
    company = example_company(dbsession)
    company.name, company.version = "Renamed Meanwhile Ltd", company.version + 1
    dbsession.flush()
    page = page.forms["company-edit"].submit(status=409)
    assert example_company(dbsession).name == "Renamed Meanwhile Ltd"
    assert page.html.select_one("#conflict-title").text.strip() == "The saved details where they differ from yours"
    assert page.html.select_one(".crm-conflict-name .theirs").text == "Renamed Meanwhile Ltd"
    form = page.forms["company-edit"]
    assert form["phone"].value == "+47 22 11 11 11"          # nothing typed is lost
    form["name"] = "Renamed Meanwhile Ltd"
    form.submit(status=303)
    assert example_company(dbsession).phone == "+47 22 11 11 11"
