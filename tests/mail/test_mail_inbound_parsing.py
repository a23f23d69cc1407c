"""Reading a mail: the new text without what was quoted, HTML as text, machines recognised."""
import email.message

import pytest

from cc_core.mail_inbound.message import Refused, parse

BASE = "From: Kari <kari@example.com>\r\nTo: support@example.com\r\nSubject: Re: x\r\nMessage-ID: <p@t.example>\r\n"


def plain(body: str, headers: str = "") -> bytes:
    return (BASE + headers + "Content-Type: text/plain; charset=utf-8\r\n\r\n" + body).encode()


@pytest.mark.parametrize("quote", [
    "On Tue, 1 Dec 2026 at 10:00, Customer Centre <support@example.com> wrote:\n> We answered.\n",
    "tir. 1. des. 2026 kl. 10:00 skrev Customer Centre <support@example.com>:\n> Vi har svart.\n",
    "Am 01.12.2026 um 10:00 schrieb Customer Centre <support@example.com>:\n> Wir haben geantwortet.\n",
    "From: Customer Centre <support@example.com>\nSent: Tuesday, December 1, 2026 10:00\nTo: kari@example.com\n"
    "Subject: x\n\nWe answered.\n",
], ids=["gmail-en", "gmail-nb", "thunderbird-de", "outlook"])
def test_the_quoted_history_of_common_clients_is_cut(quote):
    mail = parse(plain(f"It works now.\n\n{quote}"), {})
    assert mail.text == "It works now."
    assert "answered" in mail.full_text or "svart" in mail.full_text or "geantwortet" in mail.full_text


def test_a_signature_after_the_dash_line_is_cut():
    assert parse(plain("Thanks!\n\n-- \nKari Nordmann\n+47 22 00 00 00\n"), {}).text == "Thanks!"


def test_html_only_mail_is_read_as_text_without_markup_scripts_or_styles():
    msg = email.message.EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "kari@example.com", "support@example.com", "x"
    msg.set_content("<style>p{}</style><script>steal()</script><p>Line <i>one</i></p><ul><li>two</li></ul>",
                    subtype="html")
    text = parse(msg.as_bytes(), {}).text
    assert "Line one" in text and "two" in text
    assert "<" not in text and "steal" not in text and "p{}" not in text


@pytest.mark.parametrize("headers, reason", [
    ("Auto-Submitted: auto-generated\r\n", "Auto-Submitted"),
    ("Auto-Submitted: no\r\n", ""),
    ("Precedence: junk\r\n", "Precedence"),
    ("Precedence: list\r\n", "Precedence"),
    ("X-Autorespond: yes\r\n", "X-Autorespond"),
    ("List-Id: <news.example.com>\r\n", "mailing list"),
    ("Return-Path: <>\r\n", "bounce"),
    ("", ""),
])
def test_machine_mail_is_recognised_by_its_headers(headers, reason):
    automatic = parse(plain("Hello", headers), {}).automatic
    assert automatic.startswith(reason) if reason else automatic == ""


def test_a_delivery_report_is_a_bounce():
    raw = (BASE + 'MIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status; boundary="b"'
           "\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nCould not deliver.\r\n--b--\r\n").encode()
    assert parse(raw, {}).automatic == "bounce (multipart/report)"


def test_envelope_recipients_count_and_a_missing_message_id_is_made_from_the_bytes():
    raw = plain("Hi").replace(b"Message-ID: <p@t.example>\r\n", b"")
    first, second = parse(raw, {}, ["Hidden@Example.com"]), parse(raw, {})
    assert first.recipients[0] == "hidden@example.com"
    assert first.message_id == second.message_id and first.message_id.startswith("<sha256.")


def test_an_attachment_is_kept_with_its_name_type_and_bytes():
    msg = email.message.EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "kari@example.com", "support@example.com", "x"
    msg.set_content("See file.")
    msg.add_attachment(b"%PDF-1.4", maintype="application", subtype="pdf", filename="invoice.pdf")
    [attachment] = parse(msg.as_bytes(), {}).attachments
    assert (attachment.filename, attachment.content_type, attachment.file.read()) == (
        "invoice.pdf", "application/pdf", b"%PDF-1.4")


def test_the_size_limit_comes_from_the_settings():
    with pytest.raises(Refused, match="more than the limit of 100"):
        parse(plain("x" * 200), {"mail.inbound.max_bytes": "100"})
