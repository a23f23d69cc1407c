"""Changing status, category, priority and assignee: history, optimistic locking, attackers' posts."""
import pytest
import sqlalchemy as sa

from cc_core.testing import create_person, do_login, person_by_email
from cc_desk.models import HistoryEntry, Ticket
from desk_testing import demo_request, titles

pytestmark = pytest.mark.cc_plugins("desk", "requests")


@pytest.fixture
def price_list(dbsession):
    return demo_request(dbsession, "price list")  # open, nobody's


@pytest.fixture
def second_agent(dbsession, new_testapp):
    create_person(dbsession, email="bea@example.com", name="Bea Second", is_staff=True)
    app = new_testapp("192.0.2.12")
    do_login(app, "bea@example.com")
    return app


def change_form(app, req):
    return app.get(f"/desk/requests/{req.id}").forms["desk-change"]


def history(dbsession, req, field=None):
    stmt = sa.select(HistoryEntry).where(HistoryEntry.request_id == req.id).order_by(HistoryEntry.id)
    if field:
        stmt = stmt.where(HistoryEntry.field == field)
    return [(e.field, e.old_value, e.new_value) for e in dbsession.scalars(stmt)]


def test_every_field_changes_and_goes_into_the_history(agent, dbsession, price_list):
    before = (str(price_list.category_id), str(price_list.priority_id))
    form = change_form(agent, price_list)
    form["status"] = "waiting"
    form["category"].select(text="Billing")
    form["priority"].select(text="Urgent")  # staff may choose what customers may not
    form["assignee"].select(text="Alex Agent")
    page = form.submit(status=303).follow()
    assert "The changes were saved." in page.text
    dbsession.refresh(price_list)
    agent_id = person_by_email(dbsession, "agent@example.com").id
    assert price_list.status == "waiting" and price_list.category.name == "Billing"
    assert price_list.priority.name == "Urgent" and dbsession.get(Ticket, price_list.id).assignee_id == agent_id
    assert sorted(history(dbsession, price_list)) == sorted([
        ("status", "open", "waiting"), ("category", before[0], str(price_list.category_id)),
        ("priority", before[1], str(price_list.priority_id)),
        ("assignee", "", str(agent_id))])
    text = " ".join(page.html.select_one("#thread").text.split())
    assert "changed Category from “General question” to “Billing”" in text
    assert "changed Assigned to from “nobody” to “Alex Agent”" in text
    assert "Price list" not in titles(agent.get("/desk", {"assignee": "none"}))
    # Unassigning is a change like any other.
    form = change_form(agent, price_list)
    form["assignee"].select(text="nobody")
    form.submit(status=303)
    assert history(dbsession, price_list, "assignee")[-1] == ("assignee", str(agent_id), "")


def test_saving_nothing_new_records_nothing(agent, dbsession, price_list):
    page = change_form(agent, price_list).submit(status=303).follow()
    assert "Nothing was changed." in page.text
    assert history(dbsession, price_list) == []


def test_a_stale_form_is_refused_with_the_choices_kept_then_saved_on_purpose(agent, second_agent, dbsession,
                                                                            price_list):
    mine, theirs = change_form(agent, price_list), change_form(second_agent, price_list)
    mine["status"] = "closed"
    mine.submit(status=303)
    theirs["status"] = "waiting"
    theirs["priority"].select(text="High")
    refused = theirs.submit(status=200)
    message = refused.html.select_one("#desk-change-errors").text
    assert "Somebody else changed this request" in message and "Status is now “Closed”" in message
    again = refused.forms["desk-change"]
    assert again["status"].value == "waiting" and again["priority"].value == theirs["priority"].value
    dbsession.refresh(price_list)
    assert price_list.status == "closed" and history(dbsession, price_list, "priority") == []
    # Sent again, knowing of the other change, it is saved.
    again.submit(status=303)
    dbsession.refresh(price_list)
    assert price_list.status == "waiting" and price_list.priority.name == "High"


def test_changes_to_different_fields_are_merged(agent, second_agent, dbsession, price_list):
    mine, theirs = change_form(agent, price_list), change_form(second_agent, price_list)
    mine["priority"].select(text="High")
    mine.submit(status=303)
    theirs["assignee"].select(text="Bea Second")
    theirs.submit(status=303)
    dbsession.refresh(price_list)
    assert price_list.priority.name == "High"
    assert dbsession.get(Ticket, price_list.id).assignee.name == "Bea Second"


def test_a_customer_closing_meanwhile_is_a_conflict_too(agent, new_testapp, dbsession, price_list):
    form = change_form(agent, price_list)
    customer = new_testapp("192.0.2.13")
    do_login(customer, "demo@example.com")
    customer.get(f"/requests/{price_list.id}").forms["close"].submit(status=303)
    form["status"] = "waiting"
    assert "Status is now “Closed”" in form.submit(status=200).text


def test_a_double_click_changes_once(agent, dbsession, price_list):
    form = change_form(agent, price_list)
    form["priority"].select(text="High")
    first = form.submit(status=303)
    second = form.submit(status=303)
    assert second.location == first.location
    assert len(history(dbsession, price_list, "priority")) == 1
    assert "This form had already been sent." in second.follow().text


def test_a_double_click_answers_once(agent, dbsession, price_list, mailbox):
    form = agent.get(f"/desk/requests/{price_list.id}").forms["desk-message"]
    form["message"] = "Attached is the price list."
    form.submit(status=303)
    form.submit(status=303)
    assert len(mailbox.wait_for(3, timeout=1)) == 2  # the owner and the manager, once each
    assert agent.get(f"/desk/requests/{price_list.id}").text.count("Attached is the price list.") == 1


@pytest.mark.parametrize("form_id", ["desk-change", "desk-message"])
def test_tampered_state_is_refused_and_nothing_saved(agent, dbsession, price_list, form_id):
    form = agent.get(f"/desk/requests/{price_list.id}").forms[form_id]
    form["_state"] = form["_state"].value[:-3] + "AAA"
    form["message" if form_id == "desk-message" else "status"] = "closed"
    page = form.submit(status=400)
    assert "had been altered" in page.text
    dbsession.refresh(price_list)
    assert price_list.status == "open" and history(dbsession, price_list) == []


def test_after_a_refused_state_a_colleagues_change_is_not_overwritten(agent, second_agent, dbsession, price_list):
    form = change_form(second_agent, price_list)
    form["_state"] = "forged"
    form["status"] = "waiting"
    shown_again = form.submit(status=400).forms["desk-change"]
    mine = change_form(agent, price_list)
    mine["status"] = "closed"
    mine.submit(status=303)
    # What the second agent saw is unknown: their post is checked against what is saved now.
    refused = shown_again.submit(status=200)
    assert "Status is now “Closed”" in refused.html.select_one("#desk-change-errors").text
    dbsession.refresh(price_list)
    assert price_list.status == "closed"
    refused.forms["desk-change"].submit(status=303)
    dbsession.refresh(price_list)
    assert price_list.status == "waiting"


def test_a_form_of_another_request_is_refused(agent, dbsession, price_list):
    other = demo_request(dbsession, "Delivery address")
    form = change_form(agent, other)
    form.action = f"/desk/requests/{price_list.id}/change"
    form["status"] = "closed"
    page = form.submit(status=200)
    assert "made for another request" in page.text
    dbsession.refresh(price_list)
    dbsession.refresh(other)
    assert price_list.status == "open" and other.status == "open"


@pytest.mark.parametrize("form_id", ["desk-change", "desk-message"])
def test_posts_without_the_csrf_token_are_refused(agent, dbsession, price_list, form_id):
    form = agent.get(f"/desk/requests/{price_list.id}").forms[form_id]
    fields = {name: field.value for name, field in form.field_order if name and name != "csrf_token"}
    fields.update(status="closed", message="Forged")
    agent.post(form.action, fields, status=400)
    dbsession.refresh(price_list)
    assert price_list.status == "open"


def test_values_nobody_offered_are_refused(agent, dbsession, price_list):
    customer = person_by_email(dbsession, "demo@example.com")
    form = change_form(agent, price_list)
    form["assignee"].force_value(str(customer.id))  # only staff can be assigned
    form["status"].force_value("deleted")
    page = form.submit(status=200)
    assert page.html.select_one("#desk-change-assignee-error") is not None
    assert page.html.select_one("#desk-change-status-error") is not None
    assert history(dbsession, price_list) == []
