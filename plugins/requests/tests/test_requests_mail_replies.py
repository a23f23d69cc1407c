"""Answers by mail land in the request's thread, once, and only from those who may write there."""
import pytest
import sqlalchemy as sa

from cc_core.testing import fetch_mail, inbound_outcomes, ingest_mail, person_by_email
from cc_requests.models import Attachment, Message
from cc_requests.statuses import CLOSED, OPEN
from requests_mail_testing import QUOTED, customer_mail, reply_to
from requests_testing import request_of

pytestmark = pytest.mark.cc_plugins("requests")


def thread(dbsession, req):
    dbsession.expire_all()
    return list(dbsession.scalars(sa.select(Message).where(Message.request_id == req.id).order_by(Message.id)))


def test_an_answer_with_quoted_history_and_signature_posts_only_the_new_text_with_its_file(
        app, dbsession, dovecot, imap_folder, mailbox):
    req = request_of(dbsession, "demo@example.com", "Invoice 2024-117")
    demo = person_by_email(dbsession, "demo@example.com")
    before = len(thread(dbsession, req))
    raw = customer_mail("Demo Customer <demo@example.com>", reply_to(app, req, demo),
                        "The new driver works, thank you." + QUOTED,
                        attachments=[("printer-log.txt", "text/plain", b"paper jam cleared\n")])
    dovecot.append(raw, imap_folder)
    report = fetch_mail(app, dovecot, imap_folder)
    assert (report.handled, report.failed) == (1, 0)
    messages = thread(dbsession, req)
    assert len(messages) == before + 1
    new = messages[-1]
    assert new.body == "The new driver works, thank you."
    assert new.author_id == demo.id and new.is_external
    files = dbsession.scalars(sa.select(Attachment).where(Attachment.message_id == new.id)).all()
    assert [(f.filename, f.content_type, f.size) for f in files] == [("printer-log.txt", "text/plain", 18)]
    assert req.status == OPEN  # it was waiting for the customer: back to support
    assert dovecot.folder_count(imap_folder) == 0 and dovecot.folder_count("processed") >= 1
    assert mailbox.messages == []  # nothing to answer


def test_the_same_message_fetched_twice_and_piped_once_more_is_posted_once(app, dbsession, dovecot, imap_folder):
    req = request_of(dbsession, "demo@example.com", "Invoice 2024-117")
    demo = person_by_email(dbsession, "demo@example.com")
    before = len(thread(dbsession, req))
    raw = customer_mail("demo@example.com", reply_to(app, req, demo), "Only once, please.")
    dovecot.append(raw, imap_folder)
    dovecot.append(raw, imap_folder)
    first = fetch_mail(app, dovecot, imap_folder)
    dovecot.append(raw, imap_folder)
    second = fetch_mail(app, dovecot, imap_folder)
    piped = ingest_mail(app, raw)
    assert (first.handled, first.duplicates, second.duplicates, piped.text) == (2, 1, 1, "duplicate")
    assert [m.body for m in thread(dbsession, req)[before:]] == ["Only once, please."]


def test_a_colleague_with_company_access_may_answer_but_another_company_may_not(app, dbsession, mailbox):
    req = request_of(dbsession, "demo@example.com", "Invoice 2024-117")
    demo = person_by_email(dbsession, "demo@example.com")
    before = len(thread(dbsession, req))
    address = reply_to(app, req, demo)
    manager = ingest_mail(app, customer_mail("manager@example.com", address, "I can confirm the refund."))
    assert manager.text == f"posted to #{req.id}"
    outsider = ingest_mail(app, customer_mail("other@example.net", address, "Let me in."))
    assert outsider.text.startswith("refused:")
    assert [m.body for m in thread(dbsession, req)[before:]] == ["I can confirm the refund."]
    answer = mailbox.wait_for(1)[0]
    assert answer["To"] == "other@example.net" and answer["Auto-Submitted"] == "auto-replied"
    assert "was not added to any request" in answer.get_body(("plain",)).get_content()
    assert "Let me in" not in answer.as_string()


def test_a_tampered_signature_is_new_mail_from_its_sender(app, dbsession):
    req = request_of(dbsession, "demo@example.com", "Invoice 2024-117")
    demo = person_by_email(dbsession, "demo@example.com")
    before = len(thread(dbsession, req))
    genuine = reply_to(app, req, demo)
    local, domain = genuine.split("@")
    other = request_of(dbsession, "other@example.net")
    forged = local.replace(f"+{req.id}-", f"+{other.id}-") + "@" + domain
    outcome = ingest_mail(app, customer_mail("demo@example.com", forged, "Move me elsewhere",
                                                 subject="Forged"))
    assert outcome.text.startswith("opened #")
    assert len(thread(dbsession, req)) == before and len(thread(dbsession, other)) == len(
        thread(dbsession, other))
    assert not any(m.body == "Move me elsewhere" for m in thread(dbsession, other))


@pytest.mark.parametrize("headers, sender", [
    ([("Auto-Submitted", "auto-replied")], "demo@example.com"),
    ([("X-Autoreply", "yes")], "demo@example.com"),
    ([("Precedence", "bulk")], "demo@example.com"),
    ([("Return-Path", "<>")], "demo@example.com"),
    ([], "MAILER-DAEMON@example.com"),
], ids=["auto-submitted", "x-autoreply", "precedence", "bounce", "mailer-daemon"])
def test_auto_replies_and_bounces_are_neither_posted_nor_answered(app, dbsession, mailbox, headers, sender):
    req = request_of(dbsession, "demo@example.com", "Invoice 2024-117")
    demo = person_by_email(dbsession, "demo@example.com")
    before = len(thread(dbsession, req))
    outcome = ingest_mail(app, customer_mail(sender, reply_to(app, req, demo), "I am away until Monday.",
                                                 subject="Out of office", headers=headers))
    assert outcome.text.startswith("ignored:") and not outcome.failed
    assert len(thread(dbsession, req)) == before
    assert mailbox.messages == []


def test_an_out_of_office_subject_alone_is_enough(app, dbsession, mailbox):
    req = request_of(dbsession, "demo@example.com", "Invoice 2024-117")
    demo = person_by_email(dbsession, "demo@example.com")
    outcome = ingest_mail(app, customer_mail("demo@example.com", reply_to(app, req, demo),
                                                 "Back on the 5th.", subject="Out of Office: Re: [#1]"))
    assert outcome.text == "ignored: out-of-office subject"
    assert mailbox.messages == []


def test_a_closed_request_is_reopened_by_an_answer_as_on_the_web(app, dbsession):
    req = request_of(dbsession, "demo@example.com")
    req.status = CLOSED
    dbsession.flush()
    demo = person_by_email(dbsession, "demo@example.com")
    outcome = ingest_mail(app, customer_mail("demo@example.com", reply_to(app, req, demo), "It is back."))
    assert outcome.text == f"posted to #{req.id}"
    dbsession.expire_all()
    assert req.status == OPEN


@pytest.mark.cc_settings({"cc.requests.reopen_on_reply": "false"})
def test_a_closed_request_stays_closed_when_the_web_would_refuse(app, dbsession, mailbox):
    req = request_of(dbsession, "demo@example.com")
    req.status = CLOSED
    dbsession.flush()
    before = len(thread(dbsession, req))
    demo = person_by_email(dbsession, "demo@example.com")
    outcome = ingest_mail(app, customer_mail("demo@example.com", reply_to(app, req, demo), "It is back."))
    assert outcome.text == f"refused: #{req.id} is closed"
    assert len(thread(dbsession, req)) == before
    assert "is closed" in mailbox.wait_for(1)[0].get_body(("plain",)).get_content()


def test_refused_files_are_listed_in_an_answer_and_the_rest_is_posted(app, dbsession, mailbox):
    req = request_of(dbsession, "demo@example.com", "Invoice 2024-117")
    demo = person_by_email(dbsession, "demo@example.com")
    raw = customer_mail("demo@example.com", reply_to(app, req, demo), "Two files.",
                        attachments=[("fine.pdf", "application/pdf", b"%PDF-1.4 tiny"),
                                     ("run-me.exe", "application/octet-stream", b"MZ\x90\x00")])
    assert ingest_mail(app, raw).text == f"posted to #{req.id}"
    new = thread(dbsession, req)[-1]
    assert [a.filename for a in new.attachments] == ["fine.pdf"]
    answer = mailbox.wait_for(1)[0]
    body = answer.get_body(("plain",)).get_content()
    assert "run-me.exe" in body and answer["Auto-Submitted"] == "auto-replied"
    assert answer["In-Reply-To"]


def test_html_only_mail_becomes_safe_text(app, dbsession):
    req = request_of(dbsession, "demo@example.com", "Invoice 2024-117")
    demo = person_by_email(dbsession, "demo@example.com")
    html = ("<html><head><style>p{color:red}</style><script>alert(1)</script></head>"
            "<body><p>Hello <b>support</b>,</p><p>it works &amp; thanks.</p></body></html>")
    ingest_mail(app, customer_mail("demo@example.com", reply_to(app, req, demo), None, html=html))
    body = thread(dbsession, req)[-1].body
    assert "Hello support," in body and "it works & thanks." in body
    assert "<" not in body and "alert" not in body and "color" not in body


def test_every_handled_message_is_in_the_ledger_once(app, dbsession):
    req = request_of(dbsession, "demo@example.com", "Invoice 2024-117")
    demo = person_by_email(dbsession, "demo@example.com")
    raw = customer_mail("demo@example.com", reply_to(app, req, demo), "Ledger.", message_id="<ledger-1@x.example>")
    ingest_mail(app, raw)
    ingest_mail(app, raw)
    assert inbound_outcomes(dbsession, "<ledger-1@x.example>") == [
        ("<ledger-1@x.example>", "demo@example.com", f"posted to #{req.id}")]
