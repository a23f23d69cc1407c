"""One request as staff see it: the whole thread, answers, notes, changes."""
from cc_core import api

from ..access import DeskContext

ID = api.id_segment()
ATTACHMENT_ID = api.id_segment("attachment_id")


def includeme(config):
    def route(name, pattern):
        config.add_route(name, pattern, factory=DeskContext)

    route("desk.request", f"/requests/{ID}")
    route("desk.request.message", f"/requests/{ID}/message")
    route("desk.request.change", f"/requests/{ID}/change")
    route("desk.request.publish", f"/requests/{ID}/publish")
    route("desk.attachment", f"/requests/{ID}/attachments/{ATTACHMENT_ID}")
    config.scan(".views")
