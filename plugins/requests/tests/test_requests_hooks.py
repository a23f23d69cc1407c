"""Item 7: every hook the requests plugin offers, through the real pages."""
import json

import pytest
import sqlalchemy as sa

import requests_hooks_plugin as hooks
from cc_requests.models import Category, Request
from requests_testing import new_request_form, request_of

pytestmark = pytest.mark.cc_plugins("requests", extra=[("reqhooks", hooks)])


@pytest.fixture(autouse=True)
def calls():
    hooks.CALLS.clear()
    yield hooks.CALLS
    hooks.CALLS.clear()


def named(calls, kind):
    return [call[1:] for call in calls if call[0] == kind]


def test_every_offered_hook_has_a_documented_spec(app):
    pm = app.registry["cc.plugin_manager"]
    for name in ("cc_requests_validate", "cc_requests_suggestions", "cc_requests_on_submitted",
                 "cc_requests_on_message_added", "cc_requests_on_status_changed", "cc_requests_on_reopened",
                 "cc_requests_field_types"):
        caller = getattr(pm.hook, name)
        assert caller.spec is not None and caller.spec.function.__doc__.strip()
        assert "reqhooks" in [impl.plugin_name for impl in caller.get_hookimpls()]


def test_cc_requests_validate_can_veto_with_a_message_on_the_form(testapp, login, dbsession, calls):
    login(testapp, "demo@example.com")
    before = dbsession.scalar(sa.select(sa.func.count()).select_from(Request))
    page = new_request_form(testapp, title="A forbidden request").submit()
    assert page.status_int == 200
    assert page.html.select_one("#new-request-title-error").get_text() == "Titles may not say forbidden."
    assert page.forms["new-request"]["title"].value == "A forbidden request"
    assert dbsession.scalar(sa.select(sa.func.count()).select_from(Request)) == before
    assert named(calls, "validate") == [("A forbidden request", "General question")]
    assert named(calls, "submitted") == []


def test_cc_requests_on_submitted_is_told_once_with_the_first_message(testapp, login, dbsession, calls):
    login(testapp, "demo@example.com")
    form = new_request_form(testapp, title="Allowed")
    form.submit(status=303)
    form.submit(status=303)  # a double click: no second request, no second notice
    req = dbsession.scalars(sa.select(Request).order_by(Request.id.desc())).first()
    assert named(calls, "submitted") == [(req.id, 1)]
    assert named(calls, "message_added") == []


def test_cc_requests_suggestions_through_the_json_endpoint(testapp, login, calls):
    login(testapp, "demo@example.com")
    data = testapp.get("/requests/suggestions?q=forgot+my+password").json
    assert data == {"suggestions": [{"title": "Reset <b>your</b> password", "url": "/faq/articles/7",
                                     "snippet": "Use the link."}]}
    assert named(calls, "suggestions") == [("forgot my password", 5)]
    assert testapp.get("/requests/suggestions?q=pw").json == {"suggestions": []}  # too short to ask
    assert len(named(calls, "suggestions")) == 1


def test_cc_requests_suggestions_are_listed_escaped_when_the_form_comes_back(testapp, login):
    login(testapp, "demo@example.com")
    page = new_request_form(testapp, title="I forgot my password", message="").submit()
    box = page.html.select_one("#request-suggestions")
    assert box.get("hidden") is None and "Check the FAQ first" in box.get_text()
    assert box.select_one("a")["href"] == "/faq/articles/7"
    assert "<b>your</b>" not in page.text and "&lt;b&gt;your&lt;/b&gt;" in page.text


def test_the_suggestion_script_is_added_only_to_the_new_request_page(testapp, login):
    login(testapp, "demo@example.com")
    page = testapp.get("/requests/new")
    assert "suggest.js" not in testapp.get("/requests").text
    # The core's shared script, driven by the box's data attributes.
    src = page.html.select_one('script[src*="suggest.js"]')["src"]
    assert not src.startswith("/requests/")
    script = testapp.get(src)
    assert "textContent" in script.text and "innerHTML" not in script.text
    box = page.html.select_one("#request-suggestions")
    assert box["data-suggest-for"] == "new-request-title" and page.html.select_one("#new-request-title")
    assert box["data-suggest-url"] == "/requests/suggestions"
    assert page.html.select_one("#" + box["data-suggest-list"]).name == "ul"


def test_message_and_status_hooks_follow_a_reply_to_a_closed_request(testapp, login, dbsession, calls):
    req = request_of(dbsession, "demo@example.com", "colleague")
    login(testapp, "demo@example.com")
    form = testapp.get(f"/requests/{req.id}").forms["reply"]
    form["message"] = "Back again"
    form.submit(status=303)
    assert named(calls, "message_added") == [(req.id, "Back again", True)]
    assert named(calls, "status_changed") == [(req.id, "closed", "open")]
    assert named(calls, "reopened") == [(req.id,)]
    assert [call[0] for call in calls] == ["message_added", "status_changed", "reopened"]


def test_close_and_reopen_buttons_notify(testapp, login, dbsession, calls):
    req = request_of(dbsession, "demo@example.com", "checkout")
    login(testapp, "demo@example.com")
    page = testapp.get(f"/requests/{req.id}").forms["close"].submit(status=303).follow()
    page.forms["reopen"].submit(status=303)
    assert named(calls, "status_changed") == [(req.id, "open", "closed"), (req.id, "closed", "open")]
    assert named(calls, "reopened") == [(req.id,)]


def test_cc_requests_field_types_adds_a_type_categories_can_use(testapp, login, dbsession):
    category = Category(name="Access request", position=5,
                        fields=[{"name": "contact", "type": "email", "required": True,
                                 "label": {"en": "Contact address"}}])
    dbsession.add(category)
    dbsession.flush()
    login(testapp, "demo@example.com")
    form = testapp.get(f"/requests/new?category={category.id}").forms["new-request"]
    assert form["field_contact"].attrs["type"] == "email"
    form["title"], form["message"], form["field_contact"] = "New login", "For Ann.", "not-an-address"
    page = form.submit()
    assert page.html.select_one("#new-request-field_contact-error").get_text() == "Not an e-mail address."
    form = page.forms["new-request"]
    form["field_contact"] = "ann@example.com"
    form.submit(status=303)
    req = dbsession.scalars(sa.select(Request).order_by(Request.id.desc())).first()
    assert req.custom_values == {"contact": "ann@example.com"}


def test_suggestions_endpoint_answers_json_that_is_not_cached(testapp, login):
    login(testapp, "demo@example.com")
    response = testapp.get("/requests/suggestions?q=password")
    assert response.content_type == "application/json"
    assert "no-store" in response.headers["Cache-Control"] or "max-age=0" in response.headers["Cache-Control"]
    json.loads(response.text)
