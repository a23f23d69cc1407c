"""The ``cc_mail_received`` hook: what a plugin is given, what it may answer, and what never reaches it."""
import types

import pytest

from cc_core import api
from cc_core.testing import changed_settings, fetch_mail, inbound_outcomes, ingest_mail

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
    outcome = ingest_mail(app, mail())
    assert outcome.text == "noted by crm"
    assert SEEN == [("demo@example.com", "Hello", "Hi there.", "demo@example.com", [])]
    [answer] = mailbox.wait_for(1)
    assert answer["To"] == "demo@example.com" and answer["Subject"] == "Noted"
    assert answer["Auto-Submitted"] == "auto-replied"
    assert answer["In-Reply-To"] == "<Hello.crm@t.example>"


def test_mail_no_plugin_claims_from_a_known_person_is_only_logged(app, mailbox):
    outcome = ingest_mail(app, mail(to="elsewhere@example.com"))
    assert outcome.text == "ignored: no plugin took it"
    assert mailbox.messages == []


def test_automatic_mail_duplicates_and_our_own_mail_never_reach_the_hook(app):
    ingest_mail(app, mail(subject="Away", headers="Auto-Submitted: auto-replied\r\n"))
    ingest_mail(app, mail(subject="Own", sender="support@example.com"))
    ingest_mail(app, mail(subject="Twice"))
    ingest_mail(app, mail(subject="Twice"))
    assert [seen[1] for seen in SEEN] == ["Twice"]


def test_with_processed_empty_handled_mail_is_flagged_seen_and_left_in_place(app, dovecot, imap_folder):
    dovecot.append(mail(subject="Flagged"), imap_folder)
    first = fetch_mail(app, dovecot, imap_folder, **{"mail.inbound.imap.processed": ""})
    second = fetch_mail(app, dovecot, imap_folder, **{"mail.inbound.imap.processed": ""})
    assert (first.handled, second.handled) == (1, 0)
    assert dovecot.folder_count(imap_folder) == 1
    assert dovecot.folder_count(imap_folder, "UNSEEN") == 0
    assert [seen[1] for seen in SEEN] == ["Flagged"]


def test_the_worker_fetches_the_mailbox_as_a_recurring_job_over_imaps(app, dbsession, dovecot, imap_folder,
                                                                      run_jobs):
    from cc_core.jobs.recurring import schedule_due
    from cc_core.mail_inbound.jobs import FETCH_JOB, fetch_schedule

    settings = {**dovecot.settings(imap_folder, tls="ssl"), "mail.inbound.interval": "30"}
    assert fetch_schedule(settings)[0].every_seconds == 30
    assert fetch_schedule({})[0].every_seconds == 0  # no mailbox, no fetching
    dovecot.append(mail(subject="IMAPS"), imap_folder)
    jobs = app.registry["cc.jobs"]
    assert FETCH_JOB in jobs.handlers
    saved = (dict(jobs.settings), list(jobs.recurring), jobs.app_registry)
    try:
        with changed_settings(app, **settings):
            jobs.settings.update(settings)
            jobs.app_registry = app.registry
            jobs.recurring[:] = fetch_schedule(settings)
            assert schedule_due(dbsession.connection(), jobs) == 1
            assert run_jobs() == 1
    finally:
        jobs.settings.clear()
        jobs.settings.update(saved[0])
        jobs.recurring[:] = saved[1]
        jobs.app_registry = saved[2]
    assert [seen[1] for seen in SEEN] == ["IMAPS"]
    assert dovecot.folder_count(imap_folder) == 0
    assert inbound_outcomes(dbsession, "<IMAPS.crm@t.example>")[0][2] == "noted by crm"


def test_an_untrusted_certificate_stops_the_fetch_before_logging_in(app, dovecot, imap_folder):
    from cc_core.mail_inbound.imap import MailboxError

    with pytest.raises(MailboxError, match="cannot log in"):
        fetch_mail(app, dovecot, imap_folder, **{"mail.inbound.imap.cafile": ""})
