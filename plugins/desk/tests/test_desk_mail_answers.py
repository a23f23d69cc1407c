"""A customer answers the desk's mail from their mail client: the answer lands in the thread."""
import email.message
import email.utils

import pytest

from cc_core.testing import Mailbox, fetch_mail
from desk_testing import answer, demo_request

pytestmark = pytest.mark.cc_plugins("desk", "requests", "preferences")


def answer_from_client(notification, text: str, attachment: tuple) -> bytes:
    """What a mail client sends on "Reply": the new text, a signature, the quoted mail, a file."""
    quoted = "\n".join("> " + line for line in Mailbox.text(notification).splitlines())
    msg = email.message.EmailMessage()
    msg["From"] = "Dana Demo <demo@example.com>"
    msg["To"] = str(notification["Reply-To"])
    msg["Subject"] = "Re: " + str(notification["Subject"])
    msg["In-Reply-To"] = str(notification["Message-ID"])
    msg["Message-ID"] = email.utils.make_msgid(domain="client.example")
    msg.set_content(f"{text}\n\n-- \nDana Demo\nExample Ltd\n\n"
                    f"On {notification['Date']}, Customer Centre <support@example.com> wrote:\n{quoted}\n")
    filename, content_type, data = attachment
    maintype, subtype = content_type.split("/")
    msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return msg.as_bytes()


def test_an_answer_to_the_notification_shows_only_the_new_text_with_its_file(
        agent, dbsession, mailbox, dovecot, imap_folder, new_testapp, login):
    checkout = demo_request(dbsession, "checkout fails")
    answer(agent, checkout.id, "Fixed: the gateway is back.\n\nPlease try again.")
    mailbox.wait_for(2)
    [notification] = mailbox.to("demo@example.com")
    dovecot.append(answer_from_client(notification, "Tried again: the checkout works now.",
                                      ("receipt.pdf", "application/pdf", b"%PDF-1.4 receipt")), imap_folder)
    report = fetch_mail(agent.app, dovecot, imap_folder)
    assert (report.handled, report.failed) == (1, 0)

    page = agent.get(f"/desk/requests/{checkout.id}")
    latest = page.html.select("article.message-external")[-1]
    text = latest.get_text(" ", strip=True)
    assert "Tried again: the checkout works now." in text
    assert "gateway is back" not in text and "Example Ltd" not in text and "wrote:" not in text
    assert "receipt.pdf" in text

    customer = new_testapp("10.0.0.9")
    login(customer, "demo@example.com")
    own = customer.get(f"/requests/{checkout.id}")
    link = next(a["href"] for a in own.html.select("a") if a.get_text(strip=True).startswith("receipt.pdf"))
    assert customer.get(link).body == b"%PDF-1.4 receipt"
