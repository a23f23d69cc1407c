"""Item 4: one request's page, and replying, closing, reopening and rating it."""
import zoneinfo

import pytest
import sqlalchemy as sa
from babel.dates import format_datetime
from webtest import Upload

from cc_core.testing import person_by_email
from cc_requests.models import Message, Request
from requests_testing import internal_note, request_of

pytestmark = pytest.mark.cc_plugins("requests")


def view(testapp, req):
    return testapp.get(f"/requests/{req.id}")


def test_the_page_shows_the_external_thread_and_never_internal_notes(testapp, login, dbsession):
    req = request_of(dbsession, "demo@example.com", "Invoice 2024-117")
    login(testapp, "demo@example.com")
    page = view(testapp, req)
    text = page.html.select_one("main").get_text(" ")
    assert "charged twice" in text and "Shall we refund" in text
    assert internal_note(dbsession, req).body not in page.text
    details = page.html.select_one(".request-details").get_text(" ")
    assert "Billing" in details and "Normal" in details and "2024-117" in details and "1,490" in details
    assert page.html.select_one("#request-status .status-label").get_text() == "Awaiting your reply"


def test_times_are_shown_in_the_viewers_time_zone(testapp, login, dbsession):
    req = request_of(dbsession, "other@example.net", "API")
    login(testapp, "other@example.net")  # Europe/London
    message = dbsession.scalars(sa.select(Message).where(Message.request_id == req.id)
                                .order_by(Message.id)).first()
    page = view(testapp, req)
    shown = page.html.select_one(f"#message-{message.id} time")
    london = format_datetime(message.created_at, "short", tzinfo=zoneinfo.ZoneInfo("Europe/London"), locale="en")
    assert shown.get_text() == london


def test_the_message_order_follows_the_persons_preference_then_the_setting(testapp, login, dbsession):
    req = request_of(dbsession, "demo@example.com", "colleague")
    login(testapp, "demo@example.com")
    ids = [a["id"] for a in view(testapp, req).html.select("article.message")]
    assert ids == sorted(ids, key=lambda x: int(x.split("-")[1]))
    person = person_by_email(dbsession, "demo@example.com")
    person.set_preference("requests_message_order", "newest")
    dbsession.flush()
    newest = [a["id"] for a in view(testapp, req).html.select("article.message")]
    assert newest == list(reversed(ids))


@pytest.mark.cc_settings({"cc.requests.message_order": "newest"})
def test_the_installer_default_order_applies_until_a_person_chooses(testapp, login, dbsession):
    req = request_of(dbsession, "demo@example.com", "colleague")
    login(testapp, "demo@example.com")
    ids = [int(a["id"].split("-")[1]) for a in view(testapp, req).html.select("article.message")]
    assert ids == sorted(ids, reverse=True)


def test_a_reply_with_a_file_is_added_and_a_waiting_request_goes_back_to_support(testapp, login, dbsession):
    req = request_of(dbsession, "demo@example.com", "Invoice 2024-117")
    login(testapp, "demo@example.com")
    form = view(testapp, req).forms["reply"]
    form["message"] = "Please refund it."
    form["attachment"] = [Upload("bank.pdf", b"%PDF-1.4 fake")]
    response = form.submit(status=303)
    message = dbsession.scalars(sa.select(Message).where(Message.request_id == req.id)
                                .order_by(Message.id.desc())).first()
    assert response.location.endswith(f"/requests/{req.id}#message-{message.id}")
    page = response.follow()
    assert "Your reply was sent" in page.text
    assert "bank.pdf" in page.html.select_one(f"#message-{message.id}").get_text()
    dbsession.refresh(req)
    assert req.status == "open" and req.updated_at >= message.created_at


def test_an_empty_file_input_is_ignored_as_browsers_send_it(testapp, login, dbsession):
    req = request_of(dbsession, "demo@example.com", "checkout")
    login(testapp, "demo@example.com")
    form = view(testapp, req).forms["reply"]
    fields = [(name, value) for name, value in form.submit_fields() if name not in ("attachment", "message")]
    fields.append(("message", "No file this time."))
    response = testapp.post(f"/requests/{req.id}/reply", fields,
                            upload_files=[("attachment", "", b"", "application/octet-stream")])
    assert response.status_int == 303


def test_an_empty_reply_is_refused_and_the_page_stays_whole(testapp, login, dbsession):
    req = request_of(dbsession, "demo@example.com", "checkout")
    login(testapp, "demo@example.com")
    form = view(testapp, req).forms["reply"]
    form["message"] = "  "
    page = form.submit()
    assert page.status_int == 200
    assert page.html.select_one("#reply-message-error")
    assert page.html.select_one("#close") and "checkout" in page.text


def test_close_then_reopen(testapp, login, dbsession):
    req = request_of(dbsession, "demo@example.com", "checkout")
    login(testapp, "demo@example.com")
    page = view(testapp, req).forms["close"].submit(status=303).follow()
    assert "The request is closed" in page.text
    dbsession.refresh(req)
    assert req.status == "closed" and req.closed_at is not None and not req.is_open
    # Nobody of the support team has answered yet: nothing to rate.
    assert "close" not in page.forms and "reopen" in page.forms and "rate" not in page.forms
    assert page.html.select_one("#reply-reopens")
    page = page.forms["reopen"].submit(status=303).follow()
    dbsession.refresh(req)
    assert req.status == "open" and req.closed_at is None and req.is_open
    assert "The request is open again" in page.text


def test_a_reply_to_a_closed_request_reopens_it(testapp, login, dbsession):
    req = request_of(dbsession, "demo@example.com", "colleague")
    login(testapp, "demo@example.com")
    form = view(testapp, req).forms["reply"]
    form["message"] = "She cannot log in after all."
    page = form.submit(status=303).follow()
    assert "open again" in page.text
    dbsession.refresh(req)
    assert req.status == "open"


@pytest.mark.cc_settings({"cc.requests.reopen_on_reply": "false"})
def test_when_replies_may_not_reopen_the_form_says_why(testapp, login, dbsession):
    req = request_of(dbsession, "demo@example.com", "colleague")
    login(testapp, "demo@example.com")
    page = view(testapp, req)
    assert "reply" not in page.forms
    assert "Reopen it if the problem is back" in page.html.select_one("#reply-refused").get_text()
    assert page.html.select_one("#reopen button")["class"] == ["primary"]
    # A reply posted anyway (an old page, a crafted post) is refused the same way.
    other = request_of(dbsession, "demo@example.com", "checkout")
    form = view(testapp, other).forms["reply"]
    form.action = f"/requests/{req.id}/reply"
    form["message"] = "Sneaking in"
    refused = form.submit()
    assert refused.status_int == 200 and "cannot take replies" in refused.text
    assert "Sneaking in" not in dbsession.scalars(sa.select(Message.body).where(Message.request_id == req.id)).all()


def test_a_closed_request_can_be_rated_and_the_rating_changed(testapp, login, dbsession):
    req = request_of(dbsession, "demo@example.com", "ERP")
    login(testapp, "demo@example.com")
    form = view(testapp, req).forms["rate"]
    page = form.submit()
    assert page.status_int == 200 and page.html.select_one("#rate-rating-error")
    form = page.forms["rate"]
    form["rating"] = "4"
    form["comment"] = "Fine, took a while."
    page = form.submit(status=303).follow()
    dbsession.refresh(req)
    assert (req.rating, req.rating_comment) == (4, "Fine, took a while.")
    assert "You rated it 4 of 5" in page.text
    assert page.forms["rate"]["rating"].value == "4"


def test_an_open_request_cannot_be_rated(testapp, login, dbsession):
    req = request_of(dbsession, "demo@example.com", "checkout")
    closed = request_of(dbsession, "demo@example.com", "ERP")
    login(testapp, "demo@example.com")
    form = view(testapp, closed).forms["rate"]
    form.action = f"/requests/{req.id}/rate"
    form["rating"] = "1"
    page = form.submit()
    assert page.status_int == 200 and "once the request is closed" in page.text
    dbsession.refresh(req)
    assert req.rating is None


def test_text_typed_by_customers_is_escaped_everywhere(testapp, login, dbsession):
    from requests_testing import new_request_form

    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    login(testapp, "demo@example.com")
    page = new_request_form(testapp, title=payload, message=payload).submit(status=303).follow()
    assert "<script>alert" not in page.text and "<img src=x" not in page.text
    assert page.html.select_one("h1").get_text().endswith(payload)
    listing = testapp.get("/requests")
    assert "<script>alert" not in listing.text
    home = testapp.get("/")
    assert "<script>alert" not in home.text and "&lt;script&gt;" in home.text


def test_attachment_downloads_carry_safe_headers(testapp, login, dbsession):
    req = request_of(dbsession, "demo@example.com", "checkout")
    login(testapp, "demo@example.com")
    page = view(testapp, req)
    links = {a.get_text(): a["href"] for a in page.html.select(".attachments a")}
    png = testapp.get(links["checkout-error.png"])
    assert png.content_type == "image/png" and png.body.startswith(b"\x89PNG")
    assert png.headers["Content-Disposition"] == (
        'attachment; filename="checkout-error.png"; filename*=UTF-8\'\'checkout-error.png')
    assert png.headers["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in png.headers["Cache-Control"]
    assert int(png.headers["Content-Length"]) == len(png.body)


def test_a_missing_stored_file_is_a_404_not_an_error(testapp, login, dbsession):
    from cc_requests.models import Attachment

    req = request_of(dbsession, "demo@example.com", "checkout")
    attachment = dbsession.scalars(sa.select(Attachment).where(Attachment.request_id == req.id)).first()
    attachment.storage_key = "0" * 64
    dbsession.flush()
    login(testapp, "demo@example.com")
    testapp.get(f"/requests/{req.id}/attachments/{attachment.id}", status=404)


def test_the_model_refuses_unknown_statuses_and_keeps_is_open_in_step(dbsession):
    req = dbsession.scalars(sa.select(Request).where(Request.status == "open")).first()
    with pytest.raises(ValueError):
        req.status = "lost"
    req.status = "closed"
    assert req.is_open is False
    req.status = "waiting"
    assert req.is_open is True
