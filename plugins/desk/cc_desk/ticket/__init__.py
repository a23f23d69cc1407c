"""One request as staff see it: the whole thread, answers, notes, changes."""
from ..access import DeskContext


def includeme(config):
    def route(name, pattern):
        config.add_route(name, pattern, factory=DeskContext)

    route("desk.request", r"/requests/{id:\d{1,10}}")
    route("desk.request.message", r"/requests/{id:\d{1,10}}/message")
    route("desk.request.change", r"/requests/{id:\d{1,10}}/change")
    route("desk.request.publish", r"/requests/{id:\d{1,10}}/publish")
    route("desk.attachment", r"/requests/{id:\d{1,10}}/attachments/{attachment_id:\d{1,10}}")
    config.scan(".views")
