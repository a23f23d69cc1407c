"""Item 6: what a person may not see answers 404, exactly like what does not exist.

Every test is the request an attacker would really send: a logged-in
customer of another company, a colleague without company access, an
anonymous visitor; guessed request and attachment ids; posts to others'
requests with a valid form token of the attacker's own.
"""
import re

import pytest
import sqlalchemy as sa

from cc_core.testing import create_person, person_by_email
from cc_requests.models import Attachment, Message, Request
from requests_testing import internal_note, request_of

pytestmark = pytest.mark.cc_plugins("requests")


def _attachment(dbsession, req, external=True):
    return dbsession.scalars(sa.select(Attachment).join(Message, Message.id == Attachment.message_id)
                             .where(Attachment.request_id == req.id, Message.is_external.is_(external))).first()


def test_a_customer_of_another_company_gets_404_for_request_and_attachment(testapp, login, dbsession):
    req = request_of(dbsession, "demo@example.com", "checkout")
    attachment = _attachment(dbsession, req)
    login(testapp, "other@example.net")
    missing = testapp.get("/requests/999999", status=404)
    denied = testapp.get(f"/requests/{req.id}", status=404)
    assert denied.html.select_one("main").get_text() == missing.html.select_one("main").get_text()
    testapp.get(f"/requests/{req.id}/attachments/{attachment.id}", status=404)
    assert req.title not in denied.text


def test_a_colleague_without_company_access_sees_only_their_own(testapp, login, dbsession):
    req = request_of(dbsession, "demo@example.com", "checkout")
    login(testapp, "colleague@example.com")
    testapp.get(f"/requests/{req.id}", status=404)
    page = testapp.get("/requests?scope=company&status=all")
    assert "checkout" not in page.text
    assert "Delivery address" in page.text  # their own list, not an error


def test_company_access_shows_the_company_but_not_other_companies(testapp, login, dbsession):
    mine = request_of(dbsession, "demo@example.com", "checkout")
    foreign = request_of(dbsession, "other@example.net", "API")
    login(testapp, "manager@example.com")
    assert testapp.get(f"/requests/{mine.id}").status_int == 200
    testapp.get(f"/requests/{foreign.id}", status=404)
    page = testapp.get("/requests?scope=company&status=all")
    assert "checkout" in page.text and "Delivery address" in page.text
    assert "API returns 500" not in page.text


def test_anonymous_visitors_are_sent_to_log_in(testapp, dbsession):
    req = request_of(dbsession, "demo@example.com", "checkout")
    for url in ("/requests", "/requests/new", f"/requests/{req.id}", "/requests/suggestions?q=abc"):
        response = testapp.get(url, status=303)
        assert "/login?came_from=" in response.location


def test_anonymous_posts_change_nothing(testapp, dbsession):
    req = request_of(dbsession, "demo@example.com", "checkout")
    testapp.post(f"/requests/{req.id}/close", {}, status=(400, 404))
    dbsession.refresh(req)
    assert req.status == "open"


def test_guessing_every_nearby_id_reveals_nothing(testapp, login, dbsession):
    login(testapp, "other@example.net")
    other = person_by_email(dbsession, "other@example.net")
    visible = set(dbsession.scalars(sa.select(Request.id).where(Request.owner_id == other.id)))
    top = dbsession.scalar(sa.select(sa.func.max(Request.id)))
    for request_id in range(1, top + 3):
        status = testapp.get(f"/requests/{request_id}", expect_errors=True).status_int
        assert status == (200 if request_id in visible else 404), request_id


def test_an_attachment_id_must_belong_to_the_request_in_the_url(testapp, login, dbsession):
    own = request_of(dbsession, "other@example.net", "API")
    foreign = _attachment(dbsession, request_of(dbsession, "demo@example.com", "checkout"))
    login(testapp, "other@example.net")
    testapp.get(f"/requests/{own.id}/attachments/{foreign.id}", status=404)


def test_files_of_internal_notes_are_never_served_to_customers(testapp, login, dbsession):
    from cc_core import api
    import io

    req = request_of(dbsession, "demo@example.com", "checkout")
    note = internal_note(dbsession, req)
    kept = api.FolderStorage(testapp.app.registry.settings["cc.files_dir"]).store(io.BytesIO(b"secret plan"))
    dbsession.add(Attachment(message_id=note.id, request_id=req.id, filename="plan.txt", content_type="text/plain",
                             size=kept.size, sha256=kept.key, storage_key=kept.key))
    dbsession.flush()
    hidden = _attachment(dbsession, req, external=False)
    login(testapp, "demo@example.com")
    testapp.get(f"/requests/{req.id}/attachments/{hidden.id}", status=404)
    page = testapp.get(f"/requests/{req.id}")
    assert "plan.txt" not in page.text and note.body not in page.text


def _form_of_own_request(testapp, dbsession, email, form_id):
    own = request_of(dbsession, email, "")
    page = testapp.get(f"/requests/{own.id}")
    return page.forms[form_id]


@pytest.mark.parametrize("action", ["reply", "close"])
def test_posting_to_someone_elses_request_with_a_valid_token_is_404(testapp, login, dbsession, action):
    target = request_of(dbsession, "demo@example.com", "checkout")
    login(testapp, "other@example.net")
    form = _form_of_own_request(testapp, dbsession, "other@example.net", action)
    form.action = f"/requests/{target.id}/{action}"
    if action == "reply":
        form["message"] = "injected"
    form.submit(status=404)
    dbsession.expire_all()
    assert dbsession.get(Request, target.id).status == "open"
    bodies = dbsession.scalars(sa.select(Message.body).where(Message.request_id == target.id)).all()
    assert "injected" not in bodies


def test_reopening_someone_elses_closed_request_is_404(testapp, login, dbsession):
    target = request_of(dbsession, "demo@example.com", "colleague")  # closed
    assert target.status == "closed"
    login(testapp, "colleague@example.com")
    own_closed = request_of(dbsession, "colleague@example.com", "Password")
    form = testapp.get(f"/requests/{own_closed.id}").forms["reopen"]
    form.action = f"/requests/{target.id}/reopen"
    form.submit(status=404)
    dbsession.expire_all()
    assert dbsession.get(Request, target.id).status == "closed"


def test_a_post_without_the_csrf_token_is_refused(testapp, login, dbsession):
    req = request_of(dbsession, "demo@example.com", "checkout")
    login(testapp, "demo@example.com")
    testapp.post(f"/requests/{req.id}/close", {}, status=400)
    dbsession.expire_all()
    assert dbsession.get(Request, req.id).status == "open"


def test_a_new_person_without_a_company_sees_an_empty_list(testapp, login, dbsession):
    create_person(dbsession, email="loner@example.org")
    login(testapp, "loner@example.org")
    page = testapp.get("/requests?scope=company&status=all")
    assert page.html.select("table") == []
    assert re.search(r"no requests yet", page.text)
