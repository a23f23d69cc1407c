"""Customers: staff list, search, create and manage persons and companies."""
from cc_core import api

from ..access import DeskContext

ID = api.id_segment()


def includeme(config):
    def route(name, pattern):
        config.add_route(name, pattern, factory=DeskContext)

    route("desk.persons", "/customers")
    route("desk.person.new", "/customers/new")
    route("desk.person", f"/customers/{ID}")
    route("desk.person.access", f"/customers/{ID}/access")
    route("desk.person.active", f"/customers/{ID}/active")
    route("desk.person.invite", f"/customers/{ID}/invite")
    route("desk.companies", "/companies")
    route("desk.company", f"/companies/{ID}")
    config.scan(".views")
