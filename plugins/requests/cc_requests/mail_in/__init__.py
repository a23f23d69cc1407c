"""Requests by e-mail: answers to a request's signed reply address, and new mail to the support address.

The core reads the mailbox and hands each mail a person wrote to the
``cc_mail_received`` hook (docs/email.md).  Here a mail becomes what the
web form would have made, through the same service functions
(:mod:`cc_requests.service`): the same hooks fire, the same confirmation
and answer mails go out, and attachments pass the web form's size and
type rules (:mod:`.files`) before they are stored.
"""
from cc_core import api

from . import new_requests, replies


def handle(request, mail, sender):
    """The outcome for the log when the mail is for the requests plugin, else ``None``."""
    settings = request.registry.settings
    for address in mail.recipients:
        target = api.parse_reply_address(settings, address)
        if target is not None:
            outcome = replies.reply(request, mail, sender, *target)
            if outcome is not None:
                return outcome
            break
    if any(api.is_support_address(settings, address) for address in mail.recipients):
        return new_requests.open_request(request, mail, sender)
    return None


__all__ = ["handle"]
