"""New requests by mail to the support address; unknown senders; the per-sender limit; the worker's job."""
import pytest
import sqlalchemy as sa

from cc_core.testing import ingest_mail, person_by_email
from cc_requests.models import Request
from requests_mail_testing import QUOTED, customer_mail

pytestmark = pytest.mark.cc_plugins("requests")


def requests_of(dbsession, email):
    owner = person_by_email(dbsession, email)
    dbsession.expire_all()
    return list(dbsession.scalars(sa.select(Request).where(Request.owner_id == owner.id).order_by(Request.id)))


@pytest.mark.cc_settings({"cc.requests.mail_category": "Billing"})
def test_mail_to_support_from_a_customer_opens_a_request_confirmed_by_the_usual_mail(app, dbsession, mailbox):
    before = requests_of(dbsession, "demo@example.com")
    raw = customer_mail("Demo Customer <demo@example.com>", "Support <support@example.com>",
                        "The invoice for March is missing." + QUOTED, subject="Fwd: Missing invoice",
                        attachments=[("scan.png", "image/png", b"\x89PNG\r\n\x1a\nfake")])
    outcome = ingest_mail(app, raw)
    after = requests_of(dbsession, "demo@example.com")
    assert len(after) == len(before) + 1
    req = after[-1]
    assert outcome.text == f"opened #{req.id}"
    assert req.title == "Missing invoice" and req.category.name == "Billing" and req.priority.name == "Normal"
    first = req.messages[0]
    assert first.body == "The invoice for March is missing."
    assert [a.filename for a in first.attachments] == ["scan.png"]
    confirmation = mailbox.wait_for(1)[0]
    assert confirmation["To"] == "demo@example.com"
    assert f"[#{req.id}] We have received your request" in confirmation["Subject"]


def test_without_a_category_setting_the_request_has_none(app, dbsession):
    ingest_mail(app, customer_mail("demo@example.com", "support@example.com", "Hello", subject="Plain"))
    assert requests_of(dbsession, "demo@example.com")[-1].category_id is None


@pytest.mark.cc_settings({"mail.inbound.unknown_senders": "reply"})
def test_an_unknown_sender_gets_one_polite_answer_a_day(app, dbsession, mailbox):
    first = ingest_mail(app, customer_mail("stranger@example.org", "support@example.com", "Hi", subject="Q1"))
    second = ingest_mail(app, customer_mail("stranger@example.org", "support@example.com", "Hi", subject="Q2"))
    assert first.text == "answered: unknown sender"
    assert second.text == "ignored: unknown sender, answered today"
    answers = mailbox.wait_for(1)
    assert len(answers) == 1
    answer = answers[0]
    assert answer["To"] == "stranger@example.org" and answer["Auto-Submitted"] == "auto-replied"
    assert "http://localhost:6543/register" in answer.get_body(("plain",)).get_content()
    assert dbsession.scalars(sa.select(Request).where(Request.title.in_(["Q1", "Q2"]))).all() == []


@pytest.mark.cc_settings({"mail.inbound.unknown_senders": "ignore"})
def test_unknown_senders_can_be_ignored(app, mailbox):
    outcome = ingest_mail(app, customer_mail("stranger@example.org", "support@example.com", "Hi"))
    assert outcome.text == "ignored: unknown sender"
    assert mailbox.messages == []


def test_our_own_mail_coming_back_is_ignored(app, mailbox):
    outcome = ingest_mail(app, customer_mail("Customer Centre <support@example.com>", "support@example.com",
                                                 "We have received your request"))
    assert outcome.text == "ignored: our own mail"
    assert mailbox.messages == []


@pytest.mark.cc_settings({"mail.inbound.rate": "3", "mail.inbound.rate_window": "3600"})
def test_a_sender_over_the_rate_limit_is_ignored(app, dbsession):
    before = len(requests_of(dbsession, "demo@example.com"))
    outcomes = [ingest_mail(app, customer_mail("demo@example.com", "support@example.com", f"Flood {n}",
                                                   subject=f"Flood {n}")).text for n in range(5)]
    assert [text.split(" #")[0] for text in outcomes] == ["opened"] * 3 + ["ignored: rate limit"] * 2
    assert len(requests_of(dbsession, "demo@example.com")) == before + 3

