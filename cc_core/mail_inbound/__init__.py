"""Mail that comes in: replies into threads and new requests by e-mail.

One module a job: :mod:`.message` (bytes to a safe :class:`ReceivedMail`),
:mod:`.limits` (sizes and structure), :mod:`.body` (text without the
quoted history), :mod:`.loops` (auto-replies and bounces), :mod:`.ledger`
(each Message-ID once; per-sender limits), :mod:`.ingest` (one message in
its own transaction, handed to the ``cc_mail_received`` hook),
:mod:`.answers`, :mod:`.reply_address` (signed Reply-To addresses),
:mod:`.imap` (fetching a mailbox), :mod:`.jobs` and :mod:`.cli`.
"""
from .answers import answer as answer_mail
from .message import MailAttachment, ReceivedMail, Refused
from .reply_address import is_support_address, parse_reply_address, reply_address

__all__ = ["answer_mail", "MailAttachment", "ReceivedMail", "Refused", "reply_address", "parse_reply_address",
           "is_support_address"]
