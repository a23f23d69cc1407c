"""Signed reply-to addresses on the desk's answer mails.

The addresses are the core's (``api.reply_address``): the inbound mail
handling reads them back, so signing and reading live in one place.
"""
from __future__ import annotations

from cc_core import api

reply_address = api.reply_address
parse_reply_address = api.parse_reply_address
