"""The ``cc_mail_received`` hook: what a plugin is given, what it may answer, and what never reaches it."""
import types

import pytest

from cc_core import api
from cc_core.mail_inbound.ingest import ingest

SEEN: list = []


@api.hookimpl
def cc_mail_received(request, mail, sender):
    SEEN.append((mail.sender, mail.subject, mail.text, sender.email if sender else None,
                 [a.filename for a in mail.attachments]))
    if "crm@example.com" not in mail.recipients:
        return None
    api.answer_mail(request, mail, "Noted", "cc_core:templates/mail/inbound_unknown_sender",
                    {"register_link": request.route_url("register"), "address": mail.sender})
    return "noted by crm"


crm = types.ModuleType("crm")
crm.cc_mail_received = cc_mail_received

pytestmark = pytest.mark.cc_plugins(extra=[("crm", crm)])


def mail(sender="demo@example.com", to="crm@example.com", subject="Hello", body="Hi there.\n", headers=""):
    return (f"From: {sender}\r\nTo: {to}\r\nSubject: {subject}\r\nMessage-ID: <{subject}.{to.split('@')[0]}@t.example>\r\n"
            f"{headers}\r\n{body}").encode()


@pytest.fixture(autouse=True)
def clear():
    SEEN.clear()


def test_a_plugin_claims_mail_and_answers_it_marked_as_automatic(app, mailbox):
    outcome = ingest(app.registry, mail())
    assert outcome.text == "noted by crm"
    assert SEEN == [("demo@example.com", "Hello", "Hi there.", "demo@example.com", [])]
    [answer] = mailbox.wait_for(1)
    assert answer["To"] == "demo@example.com" and answer["Subject"] == "Noted"
    assert answer["Auto-Submitted"] == "auto-replied"
    assert answer["In-Reply-To"] == "<Hello.crm@t.example>"


def test_mail_no_plugin_claims_from_a_known_person_is_only_logged(app, mailbox):
    outcome = ingest(app.registry, mail(to="elsewhere@example.com"))
    assert outcome.text == "ignored: no plugin took it"
    assert mailbox.messages == []


def test_automatic_mail_duplicates_and_our_own_mail_never_reach_the_hook(app):
    ingest(app.registry, mail(subject="Away", headers="Auto-Submitted: auto-replied\r\n"))
    ingest(app.registry, mail(subject="Own", sender="support@example.com"))
    ingest(app.registry, mail(subject="Twice"))
    ingest(app.registry, mail(subject="Twice"))
    assert [seen[1] for seen in SEEN] == ["Twice"]
