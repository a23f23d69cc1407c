"""Hostile and malformed mail: each is refused with a reason, the worker goes on, nothing is saved.

The corpus is in ``hostile/`` (its README lists what each file tries).
Every message is addressed from a customer to the support address, so a
message that slipped through would open a request: the row counts show
that none did.
"""
from pathlib import Path

import pytest
import sqlalchemy as sa

from cc_core.mail_inbound.ingest import ingest
from cc_core.mail_inbound.message import Refused, parse
from cc_core.testing import fetch_mail

CORPUS = sorted((Path(__file__).parent / "hostile").glob("*.eml"))
LIMIT = "65536"
TABLES = ("requests_request", "requests_message", "requests_attachment", "cc_inbound_mail", "cc_job")

pytestmark = [pytest.mark.cc_plugins("requests"), pytest.mark.cc_settings({"mail.inbound.max_bytes": LIMIT})]


def row_counts(dbsession) -> dict:
    return {table: dbsession.scalar(sa.text(f"SELECT count(*) FROM {table}")) for table in TABLES}


def test_the_corpus_holds_at_least_30_messages_each_described():
    assert len(CORPUS) >= 30
    readme = (Path(__file__).parent / "hostile" / "README.md").read_text()
    assert all(f"`{path.name}`" in readme for path in CORPUS)


@pytest.mark.parametrize("path", CORPUS, ids=[path.stem for path in CORPUS])
def test_each_hostile_message_is_refused_with_its_reason_and_saves_nothing(app, dbsession, mailbox, path):
    before = row_counts(dbsession)
    outcome = ingest(app.registry, path.read_bytes())
    assert outcome.failed
    assert outcome.text.startswith("failed: ") and len(outcome.text) > 20
    assert row_counts(dbsession) == before
    assert mailbox.messages == []


def test_the_worker_fetches_the_whole_corpus_and_moves_each_to_failed(app, dbsession, dovecot, imap_folder,
                                                                      mailbox, caplog):
    sendable = [path for path in CORPUS if path.read_bytes().strip()]  # IMAP cannot hold an empty message
    for path in sendable:
        dovecot.append(path.read_bytes(), imap_folder)
    before = row_counts(dbsession)
    failed_folder = f"{imap_folder}-failed"
    with caplog.at_level("WARNING", logger="cc_core.mail_inbound"):
        report = fetch_mail(app, dovecot, imap_folder, **{"mail.inbound.imap.failed": failed_folder,
                                                          "mail.inbound.imap.processed": f"{imap_folder}-done"})
    assert (report.handled, report.failed) == (0, len(sendable))
    assert all(reason for reason in report.reasons)
    assert dovecot.folder_count(imap_folder) == 0
    assert dovecot.folder_count(failed_folder) == len(sendable)
    assert dovecot.folder_count(f"{imap_folder}-done") == 0
    assert len([r for r in caplog.records if "refused" in r.getMessage()]) == len(sendable)
    assert row_counts(dbsession) == before
    assert mailbox.messages == []


def test_a_50_mb_message_is_moved_to_failed_without_being_downloaded(app, dovecot, imap_folder):
    huge = (b"From: demo@example.com\r\nTo: support@example.com\r\nSubject: huge\r\n\r\n"
            + b"0123456789abcdef" * (50 * 1024 * 1024 // 16))
    dovecot.append(huge, imap_folder)
    report = fetch_mail(app, dovecot, imap_folder, **{"mail.inbound.max_bytes": str(25 * 1024 * 1024),
                                                      "mail.inbound.imap.failed": f"{imap_folder}-failed"})
    assert report.failed == 1 and "more than the limit" in report.reasons[0]
    assert dovecot.folder_count(f"{imap_folder}-failed") == 1


def test_a_header_block_of_300_kb_is_refused():
    raw = b"From: demo@example.com\r\n" + b"".join(b"X-Pad: %0200d\r\n" % i for i in range(1500)) + b"\r\nbody"
    with pytest.raises(Refused, match="header block"):
        parse(raw, {})

