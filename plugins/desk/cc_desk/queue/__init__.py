"""The queue: every request, filtered, searched, sorted and paged for staff."""
from ..access import DeskContext


def includeme(config):
    config.add_route("desk.queue", "", inherit_slash=True, factory=DeskContext)
    config.scan(".views")
