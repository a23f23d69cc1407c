"""Helpers of the inbound mail tests: build mails as a customer's client would."""
from __future__ import annotations

import email.message
import email.utils

from cc_core import api

QUOTED = """

Best regards,
Kari Nordmann
Example Ltd, +47 22 00 00 00

On Tue, 1 Dec 2026 at 10:00, Customer Centre <support@example.com> wrote:
> We have answered your request.
> Please try the new driver and tell us.
"""


def customer_mail(sender: str, to: str, text: str, subject: str = "Re: [#1] New answer", attachments=(),
                  message_id: str | None = None, html: str | None = None, headers=()) -> bytes:
    msg = email.message.EmailMessage()
    msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = email.utils.formatdate()
    msg["Message-ID"] = message_id or email.utils.make_msgid(domain="client.example")
    for name, value in headers:
        msg[name] = value
    if text is not None:
        msg.set_content(text)
    if html is not None:
        if text is None:
            msg.set_content(html, subtype="html")
        else:
            msg.add_alternative(html, subtype="html")
    for filename, content_type, data in attachments:
        maintype, subtype = content_type.split("/")
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return msg.as_bytes()


def reply_to(app, req, person) -> str:
    return api.reply_address(app.registry.settings, req.id, person.id)

