"""The request page: the whole thread, answers and internal notes, files, and what customers get of them."""
import json

import pytest
import sqlalchemy as sa
from webtest import Upload

from cc_core.testing import Mailbox, create_person, do_login, person_by_email
from cc_desk import replyto
from cc_desk.models import HistoryEntry
from cc_requests import public as rq
from desk_testing import answer, demo_request

pytestmark = pytest.mark.cc_plugins("desk", "requests", "preferences")


@pytest.fixture
def checkout(dbsession):
    return demo_request(dbsession, "checkout fails")


def test_the_thread_shows_internal_notes_marked_for_eyes_and_ears(agent, checkout):
    page = agent.get(f"/desk/requests/{checkout.id}")
    [note] = page.html.select("article.message-internal")
    assert "Payment provider had an incident" in note.text
    assert "Internal note: the customer does not see this" in note.select_one(".status-internal").text
    # Screen readers hear it in the article's name, not only by its colour and border.
    label = page.html.select_one(f"#{note['aria-labelledby']}").get_text(" ", strip=True)
    assert label.startswith("Internal note by") and "Alex Agent" in label
    assert len(page.html.select("article.message-external")) == 1


def test_the_customer_panel_links_to_their_other_requests(agent, checkout):
    page = agent.get(f"/desk/requests/{checkout.id}")
    panel = page.html.select_one("#desk-request-customer")
    assert "Dana Demo" in panel.text and "Example Ltd" in panel.text and "demo@example.com" in panel.text
    owners = agent.get(panel.select_one("#desk-owner-requests")["href"])
    assert {a.text for a in owners.html.select("#desk-queue td.col-title a")} >= {
        "The web shop checkout fails with a timeout", "How do I add a colleague to our account?"}
    company = agent.get(panel.select_one("#desk-company-requests")["href"])
    assert "Delivery address on orders is wrong" in company.text
    assert "API returns 500" not in company.text


def test_an_answer_is_mailed_to_the_owner_and_colleagues_who_see_the_request(agent, checkout, mailbox, dbsession):
    page = answer(agent, checkout.id, "Fixed: the gateway is back.\n\nPlease try again.").follow()
    assert "mailed to demo@example.com, manager@example.com" in page.text
    assert page.html.select_one("#desk-request-status").text == "Waiting for customer"
    messages = mailbox.wait_for(2)
    assert sorted(str(m["To"]) for m in messages) == ["demo@example.com", "manager@example.com"]
    [own] = mailbox.to("demo@example.com")
    assert own["Subject"] == f"[#{checkout.id}] New answer: The web shop checkout fails with a timeout"
    text = Mailbox.text(own)
    assert "Alex Agent has answered your request" in text and "Fixed: the gateway is back." in text
    assert f"http://localhost/requests/{checkout.id}" in Mailbox.links(own)
    demo = person_by_email(dbsession, "demo@example.com")
    assert replyto.parse_reply_address(agent.app.registry.settings, str(own["Reply-To"])) == (checkout.id, demo.id)
    [colleague] = mailbox.to("manager@example.com")
    assert "of your colleague Dana Demo" in Mailbox.text(colleague)
    assert str(colleague["Reply-To"]) != str(own["Reply-To"])
    # The colleague without company access does not see the request, so gets nothing.
    assert mailbox.to("colleague@example.com") == []


def test_the_mail_speaks_the_recipients_language(agent, dbsession, mailbox):
    delivery = demo_request(dbsession, "Delivery address")  # Colin's, who reads Norwegian
    answer(agent, delivery.id, "Adressen er rettet.")
    messages = mailbox.wait_for(2)
    [norwegian] = mailbox.to("colleague@example.com")
    assert "Nytt svar" in norwegian["Subject"]
    assert "Alex Agent har svart på henvendelsen din" in Mailbox.text(norwegian)
    [english] = mailbox.to("manager@example.com")
    assert "New answer" in english["Subject"]
    assert len(messages) == 2


def test_whoever_turned_answer_mails_off_gets_none(agent, testapp, new_testapp, login, checkout, mailbox):
    customer = new_testapp()
    login(customer, "demo@example.com")
    form = customer.get("/preferences").forms["preferences"]
    form[rq.NOTIFY_ON_REPLY] = False
    form.submit(status=303)
    answer(agent, checkout.id, "Here is the answer.")
    messages = mailbox.wait_for(1)
    assert [str(m["To"]) for m in messages] == ["manager@example.com"]


def test_a_note_is_mailed_to_nobody_and_shown_to_no_customer(agent, new_testapp, login, checkout, mailbox):
    page = answer(agent, checkout.id, "Secret: refund pending approval", kind="note").follow()
    assert "The customer does not see it" in page.text
    assert page.html.select_one("#desk-request-status").text == "Open"  # a note changes no status
    assert mailbox.wait_for(1, timeout=0.5) == []
    customer = new_testapp()
    login(customer, "demo@example.com")
    assert "refund pending approval" not in customer.get(f"/requests/{checkout.id}").text
    assert "refund pending approval" not in customer.get("/requests", {"status": "all", "q": "refund"}).text
    assert "refund pending approval" not in customer.get("/requests", {"status": "all", "q": "pending"}).text


def test_files_of_answers_reach_the_customer_files_of_notes_never(agent, new_testapp, login, checkout, dbsession):
    answer(agent, checkout.id, "The fix", files=[Upload("fix.txt", b"patch 1", "text/plain")])
    answer(agent, checkout.id, "Internal log", kind="note", files=[Upload("internal.txt", b"secret", "text/plain")])
    files = {a.filename: a for a in dbsession.scalars(sa.select(rq.Attachment)
                                                      .where(rq.Attachment.request_id == checkout.id))}
    staff_page = agent.get(f"/desk/requests/{checkout.id}")
    for name in ("fix.txt", "internal.txt"):
        download = agent.get(f"/desk/requests/{checkout.id}/attachments/{files[name].id}")
        assert download.headers["Content-Disposition"].startswith("attachment")
        assert f"/attachments/{files[name].id}" in staff_page.text
    customer = new_testapp()
    login(customer, "demo@example.com")
    assert customer.get(f"/requests/{checkout.id}/attachments/{files['fix.txt'].id}").body == b"patch 1"
    customer.get(f"/requests/{checkout.id}/attachments/{files['internal.txt'].id}", status=404)
    assert "internal.txt" not in customer.get(f"/requests/{checkout.id}").text
    # Nor in the customer's export of their data.
    export = json.dumps(customer.get("/preferences/data").json)
    assert "Internal log" not in export and "Payment provider had an incident" not in export
    assert "The fix" in export


def test_an_attachment_of_another_request_is_not_found(agent, dbsession, checkout):
    other = dbsession.scalars(sa.select(rq.Attachment).where(rq.Attachment.request_id != checkout.id)).first()
    agent.get(f"/desk/requests/{checkout.id}/attachments/{other.id}", status=404)


def test_files_are_checked_before_anything_is_stored(agent, checkout, dbsession):
    page = answer(agent, checkout.id, "See the program", files=[Upload("run.exe", b"MZ", "application/x-msdownload")],
                  status=200)
    assert "cannot be attached" in page.html.select_one("#desk-message-errors").text
    assert page.forms["desk-message"]["message"].value == "See the program"
    assert dbsession.scalar(sa.select(sa.func.count()).select_from(rq.Message)
                            .where(rq.Message.request_id == checkout.id)) == 2


def test_an_empty_message_is_refused_with_the_form_kept(agent, checkout):
    page = answer(agent, checkout.id, "   \n  ", kind="note", status=200)
    assert "Write the message." in page.html.select_one("#desk-message-message-error").text
    assert page.forms["desk-message"]["kind"].value == "note"


def test_markup_in_messages_and_names_is_shown_as_text(agent, dbsession, checkout):
    person_by_email(dbsession, "demo@example.com").name = "<img src=x onerror=alert(1)>"
    dbsession.flush()
    answer(agent, checkout.id, "<script>alert('x')</script>")
    page = agent.get(f"/desk/requests/{checkout.id}")
    assert "<script>alert('x')</script>" in page.html.select("article.message")[-1].text
    assert "<script>alert(" not in page.text and "<img src=x" not in page.text


def test_the_history_names_who_changed_what(agent, checkout, dbsession, new_testapp, login):
    answer(agent, checkout.id, "Answered.")
    customer = new_testapp()
    login(customer, "demo@example.com")
    customer.get(f"/requests/{checkout.id}").forms["close"].submit(status=303)
    entries = dbsession.scalars(sa.select(HistoryEntry).where(HistoryEntry.request_id == checkout.id,
                                                              HistoryEntry.field == "status")
                                .order_by(HistoryEntry.id)).all()
    assert [(e.old_value, e.new_value, e.person.name) for e in entries] == [
        ("open", "waiting", "Alex Agent"), ("waiting", "closed", "Dana Demo")]
    text = " ".join(agent.get(f"/desk/requests/{checkout.id}").html.select_one("#thread").text.split())
    assert "Alex Agent changed Status from “Open” to “Waiting for customer”." in text
    assert "Dana Demo changed Status from “Waiting for customer” to “Closed”." in text


def test_a_request_that_does_not_exist_is_not_found(agent):
    agent.get("/desk/requests/999999", status=404)
    agent.get("/desk/requests/9999999999", status=404)  # beyond any id a database keeps
    agent.get("/desk/requests/1/attachments/9999999999", status=404)
    agent.get("/desk/requests/12345678901", status=404)


def test_customers_and_companies_beyond_any_id_are_not_found(agent):
    agent.get("/desk/customers/99999999999", status=404)
    agent.get("/desk/companies/99999999999", status=404)


def test_norwegian_staff_get_the_page_in_norwegian(testapp, dbsession, checkout):
    create_person(dbsession, email="agent.nb@example.com", name="Nora Agent", is_staff=True, language="nb")
    do_login(testapp, "agent.nb@example.com")
    page = testapp.get(f"/desk/requests/{checkout.id}")
    assert "Internt notat: kunden ser ikke dette" in page.text
    assert "Status og behandling" in page.text
    assert "Kø" in testapp.get("/desk").html.select_one("h1").text


def test_an_empty_file_field_as_browsers_send_it_is_no_file(agent, checkout, dbsession):
    form = agent.get(f"/desk/requests/{checkout.id}").forms["desk-message"]
    fields = [(name, field.value) for name, field in form.field_order if name and name != "attachment"]
    fields = [(name, value) for name, value in fields if name != "message"] + [("message", "No file here")]
    agent.post(form.action, fields, upload_files=[("attachment", "", b"")], status=303)
    [message] = [m for m in rq.messages_of(dbsession, checkout) if m.body == "No file here"]
    assert message.attachments == []
