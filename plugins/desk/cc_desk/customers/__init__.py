"""Customers: staff list, search, create and manage persons and companies."""
from ..access import DeskContext


def includeme(config):
    def route(name, pattern):
        config.add_route(name, pattern, factory=DeskContext)

    route("desk.persons", "/customers")
    route("desk.person.new", "/customers/new")
    route("desk.person", r"/customers/{id:\d+}")
    route("desk.person.access", r"/customers/{id:\d+}/access")
    route("desk.person.active", r"/customers/{id:\d+}/active")
    route("desk.person.invite", r"/customers/{id:\d+}/invite")
    route("desk.companies", "/companies")
    route("desk.company", r"/companies/{id:\d+}")
    config.scan(".views")
