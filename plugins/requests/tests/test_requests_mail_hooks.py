"""A reply by mail fires the same hooks as one typed on the web; a plugin that fails leaves nothing behind."""
import types

import pytest
import sqlalchemy as sa

import requests_hooks_plugin as hooks
from cc_core import api
from cc_core.testing import inbound_outcomes, ingest_mail, person_by_email
from cc_requests.models import Attachment, Message
from requests_mail_testing import customer_mail, reply_to
from requests_testing import request_of


@api.hookimpl(optionalhook=True)
def cc_requests_on_message_added(request, req, message):
    if "explode" in message.body:
        raise RuntimeError("the plugin broke")


exploding = types.ModuleType("exploding")
exploding.cc_requests_on_message_added = cc_requests_on_message_added

pytestmark = pytest.mark.cc_plugins("requests", extra=[("reqhooks", hooks), ("exploding", exploding)])


def test_a_reply_by_mail_fires_the_web_replys_hooks(app, dbsession):
    req = request_of(dbsession, "demo@example.com", "Invoice 2024-117")
    demo = person_by_email(dbsession, "demo@example.com")
    hooks.CALLS.clear()
    ingest_mail(app, customer_mail("demo@example.com", reply_to(app, req, demo), "Hooked."))
    assert ("message_added", req.id, "Hooked.", True) in hooks.CALLS
    assert ("status_changed", req.id, "waiting", "open") in hooks.CALLS


def test_a_plugin_that_raises_midway_leaves_no_row_and_no_file_reference(app, dbsession, mailbox):
    req = request_of(dbsession, "demo@example.com", "Invoice 2024-117")
    demo = person_by_email(dbsession, "demo@example.com")
    counts = [dbsession.scalar(sa.select(sa.func.count()).select_from(model)) for model in (Message, Attachment)]
    ledger = inbound_outcomes(dbsession)
    outcome = ingest_mail(app, customer_mail("demo@example.com", reply_to(app, req, demo), "Please explode.",
                                                 attachments=[("a.pdf", "application/pdf", b"%PDF-1.4 a")]))
    assert outcome.failed and "the plugin broke" in outcome.text
    dbsession.expire_all()
    assert [dbsession.scalar(sa.select(sa.func.count()).select_from(model)) for model in (Message, Attachment)] == counts
    assert inbound_outcomes(dbsession) == ledger
    assert mailbox.messages == []
