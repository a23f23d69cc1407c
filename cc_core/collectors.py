"""Calling a collector hook one plugin at a time.

The home page, the main menu, the user menu and the extra assets are built
from every plugin's contribution on every page.  Called the plain pluggy
way, one implementation that raises would take the whole page down for
everybody (and the home page is where login lands).  :func:`collect` calls
each implementation on its own instead: a failing one is logged with its
plugin's name and left out, and the page renders with the rest.

Errors of the database are not a plugin's fault and are not swallowed: a
failed statement leaves the transaction unusable (on PostgreSQL) and an
unreachable database must answer 503 for the whole page, so they propagate.
"""
from __future__ import annotations

import dataclasses
import logging
from typing import Any

import sqlalchemy as sa

log = logging.getLogger(__name__)

#: What propagates through :func:`collect` instead of being isolated.
DATABASE_ERRORS = (sa.exc.DBAPIError, sa.exc.PendingRollbackError)


@dataclasses.dataclass(frozen=True)
class Contribution:
    """One item a plugin returned from a collector hook."""

    plugin: str
    item: Any


def contributions(plugin_manager, hook_name: str, **kwargs) -> list[Contribution]:
    """Every implementation's items of ``hook_name``, sorted by ``order`` then label.

    Each implementation is called with the arguments it names, as pluggy
    would; one that raises (other than a database error) is logged with the
    plugin's name and contributes nothing.  Hook wrappers are not called:
    collector hooks have no use for them.
    """
    hook = getattr(plugin_manager.hook, hook_name)
    found = []
    for impl in hook.get_hookimpls():
        if impl.hookwrapper or getattr(impl, "wrapper", False):
            continue
        try:
            result = impl.function(*[kwargs[name] for name in impl.argnames])
            items = list(result or ())
        except DATABASE_ERRORS:
            raise
        except Exception:
            log.exception("plugin %s failed in %s; its contribution is left out", impl.plugin_name, hook_name)
            continue
        found.extend(Contribution(impl.plugin_name, item) for item in items)
    return sorted(found, key=lambda c: (c.item.order, _label(c.item)))


def collect(plugin_manager, hook_name: str, **kwargs) -> list:
    """The items of :func:`contributions`, without the plugins' names."""
    return [c.item for c in contributions(plugin_manager, hook_name, **kwargs)]


def _label(item) -> str:
    return getattr(item, "label", "") or getattr(item, "name", "")
