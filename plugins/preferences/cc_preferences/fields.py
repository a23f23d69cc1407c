"""Building the profile form's schema: the core's fields and the plugins' groups."""
from __future__ import annotations

import dataclasses
import logging

import colander

from cc_core import api

from .i18n import _

log = logging.getLogger(__name__)
CORE_FIELDS = ("name", "phone", "mobile", "language", "timezone")


def core_nodes(request) -> list[colander.SchemaNode]:
    """The person's own fields, built by the core's shared field builders."""
    return [
        *api.contact_nodes(),
        api.language_node(request),
        api.timezone_node(description=_("Dates and times are shown in this time zone.")),
    ]


@dataclasses.dataclass(frozen=True)
class Group:
    """A plugin's fieldset as the template shows it: a title and its (cloned) nodes."""

    name: str
    title: object
    nodes: tuple


def plugin_groups(request, person) -> list[Group]:
    """The plugins' preference groups, sorted, with nodes cloned (the hook's are shared)."""
    hook = api.plugin_manager(request).hook.cc_preferences_fields
    groups = [group for result in hook(request=request, person=person) if result for group in result]
    taken = set(CORE_FIELDS)
    out = []
    for group in sorted(groups, key=lambda g: (g.order, g.name)):
        nodes = []
        for node in group.nodes:
            if node.name in taken:
                log.warning("preference group %r: field %r is already used, left out", group.name, node.name)
                continue
            taken.add(node.name)
            nodes.append(node.clone())
        if nodes:
            out.append(Group(group.name, group.title, tuple(nodes)))
    return out


def stored_value(person, node):
    """The person's saved value of a plugin field, else the node's default."""
    default = node.default if node.default is not colander.null else colander.null
    return person.preference(node.name, default)
