"""Failed mail: messages the mail server refused for good or that ran out of retries, and a button to resend."""
from cc_core import api

from ..access import DeskContext


def includeme(config):
    config.add_route("desk.failed_mail", "/failed-mail", factory=DeskContext)
    config.add_route("desk.failed_mail.retry", f"/failed-mail/{api.id_segment()}/retry", factory=DeskContext)
    config.scan(".views")
