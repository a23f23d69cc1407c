"""Who may see what: three visibility tiers and the viewer's level.

Folders and articles each carry a ``visibility``.  An article is visible
only when it and every folder above it are, so each row also stores its
``access_level``: the lowest viewer level that may see it once its
ancestors are taken into account.  Every read then needs one comparison
(``access_level <= viewer level``) instead of a walk up the tree, which is
what keeps listing and search fast on 100,000 articles.
"""
from __future__ import annotations

from .i18n import _

PUBLIC = "public"
CUSTOMERS = "customers"
INTERNAL = "internal"

#: Visibility → the lowest viewer level that may see it.
LEVELS = {PUBLIC: 0, CUSTOMERS: 1, INTERNAL: 2}
VISIBILITIES = tuple(LEVELS)
LABELS = {PUBLIC: _("Public"), CUSTOMERS: _("Customers"), INTERNAL: _("Internal")}

ANONYMOUS_LEVEL = LEVELS[PUBLIC]
CUSTOMER_LEVEL = LEVELS[CUSTOMERS]
STAFF_LEVEL = LEVELS[INTERNAL]


def level_of(visibility: str) -> int:
    """The level a visibility value stands for (``KeyError`` when unknown)."""
    return LEVELS[visibility]


def effective_level(visibility: str, parent_level: int | None) -> int:
    """A row's access level: its own tier, or its parent's when stricter."""
    own = level_of(visibility)
    return own if parent_level is None else max(own, parent_level)


def viewer_level(request) -> int:
    """Anonymous visitors see public rows, customers also customers-only, staff all."""
    person = request.person
    if person is None:
        return ANONYMOUS_LEVEL
    return STAFF_LEVEL if person.is_staff else CUSTOMER_LEVEL
