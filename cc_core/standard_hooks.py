"""Hook implementations that every plugin would otherwise write alike.

Joining the portal takes most plugins the same three hook
implementations: include the package's routes under a prefix
(``cc_configure``), declare the plugin's own hooks (``cc_add_hookspecs``)
and name its migrations folder (``cc_migration_locations``).  Each
function here makes one of them; a plugin's ``plugin.py`` binds it to the
hook's name, which is how pluggy finds an implementation::

    cc_configure = api.include_package_hook("cc_acme", route_prefix="/acme")
    cc_add_hookspecs = api.add_hookspecs_hook(hookspecs)
    cc_migration_locations = api.migrations_hook("cc_acme")

A plugin that needs more (a check before it includes itself, several
folders) writes the implementation out instead.
"""
from __future__ import annotations

from types import ModuleType

from pluggy import HookimplMarker

hookimpl = HookimplMarker("cc")


def include_package_hook(package: str, route_prefix: str | None = None):
    """``cc_configure``: ``config.include(package)``, its routes under ``route_prefix``."""

    @hookimpl
    def cc_configure(config):
        config.include(package, route_prefix=route_prefix)

    return cc_configure


def add_hookspecs_hook(hookspecs: ModuleType):
    """``cc_add_hookspecs``: the hooks the plugin offers to others, declared in ``hookspecs``."""

    @hookimpl
    def cc_add_hookspecs(plugin_manager):
        plugin_manager.add_hookspecs(hookspecs)

    return cc_add_hookspecs


def migrations_hook(package: str):
    """``cc_migration_locations``: the package's ``migrations/versions`` folder, its Alembic branch."""

    @hookimpl
    def cc_migration_locations():
        return [f"{package}:migrations/versions"]

    return cc_migration_locations
