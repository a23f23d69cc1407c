"""Building the profile form's schema: the core's fields and the plugins' groups."""
from __future__ import annotations

import dataclasses
import functools
import logging
import zoneinfo

import colander

from cc_core import api

from .i18n import _

log = logging.getLogger(__name__)
CORE_FIELDS = ("name", "phone", "mobile", "language", "timezone")


@functools.lru_cache(maxsize=1)
def timezone_names() -> tuple[str, ...]:
    """The canonical ``Area/City`` zones (plus UTC), without legacy aliases."""
    names = {name for name in zoneinfo.available_timezones()
             if "/" in name and name.split("/")[0] in {"Africa", "America", "Antarctica", "Arctic", "Asia",
                                                       "Atlantic", "Australia", "Europe", "Indian", "Pacific"}}
    return tuple(sorted(names)) + ("UTC",)


def _single_line(node, value):
    if any(not ch.isprintable() for ch in value):
        raise colander.Invalid(node, _("Use a single line without special characters."))


def core_nodes(request) -> list[colander.SchemaNode]:
    languages = api.available_languages(request.registry.settings)
    zones = timezone_names()
    text = colander.All(colander.Length(max=200), _single_line)
    phone = colander.All(colander.Length(max=40), _single_line)
    return [
        colander.SchemaNode(colander.String(), name="name", title=_("Name"), autocomplete="name", validator=text,
                            missing_msg=_("Enter your name.")),
        colander.SchemaNode(colander.String(), name="phone", title=_("Phone"), widget="tel", autocomplete="tel",
                            missing="", validator=phone),
        colander.SchemaNode(colander.String(), name="mobile", title=_("Mobile"), widget="tel",
                            autocomplete="tel", missing="", validator=phone),
        colander.SchemaNode(colander.String(), name="language", title=_("Language"), widget="select",
                            choices=[(code, api.LANGUAGE_NAMES.get(code, code)) for code in languages],
                            validator=colander.OneOf(languages), missing_msg=_("Choose a language.")),
        colander.SchemaNode(colander.String(), name="timezone", title=_("Time zone"), widget="select",
                            choices=[(zone, zone.replace("_", " ")) for zone in zones],
                            validator=colander.OneOf(zones), missing_msg=_("Choose a time zone."),
                            description=_("Dates and times are shown in this time zone.")),
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
