"""The plugin manager: discovery, blocking and validation of plugins.

Plugins are distributions that register a module under the ``cc.plugins``
entry point group.  Loading fails loudly, naming the plugin, because a
portal that silently runs without a feature its installer asked for is
worse than one that does not start.
"""
from __future__ import annotations

import dataclasses
import importlib.metadata
import logging
import types
from typing import Iterable

import pluggy

from . import core_plugin, hookspecs
from .settings import parse_name_list

ENTRY_POINT_GROUP = "cc.plugins"
CORE_PLUGIN_NAME = "core"

log = logging.getLogger(__name__)


class PluginError(RuntimeError):
    """A plugin could not be loaded or does not fit the hook specifications."""


@dataclasses.dataclass(frozen=True)
class PluginInfo:
    """What the portal knows about one loaded plugin."""

    name: str
    module: types.ModuleType
    distribution: str | None
    version: str | None

    @property
    def package(self) -> str:
        """The top-level package that holds the plugin's code and assets."""
        return self.module.__name__.split(".")[0]


class PluginManager(pluggy.PluginManager):
    """pluggy's manager plus the metadata the portal shows and needs."""

    def __init__(self) -> None:
        super().__init__("cc")
        self.add_hookspecs(hookspecs)
        self.infos: dict[str, PluginInfo] = {}

    def register_plugin(self, name, module, distribution=None, version=None):
        """Register ``module`` as plugin ``name``, remembering its metadata."""
        try:
            self.register(module, name=name)
        except (ValueError, pluggy.PluginValidationError) as exc:
            raise PluginError(f"plugin {name!r} ({module.__name__}) cannot be registered: {exc}") from exc
        self.infos[name] = PluginInfo(name, module, distribution, version)

    def package_owners(self) -> dict[str, str]:
        """Map each plugin's top-level package to the plugin's name."""
        return {info.package: name for name, info in self.infos.items()}

    def finish(self) -> None:
        """Let plugins add their own hookspecs, then refuse unknown hooks."""
        self.hook.cc_add_hookspecs(plugin_manager=self)
        try:
            self.check_pending()
        except pluggy.PluginValidationError as exc:
            plugin_name = self.get_name(exc.plugin) if exc.plugin else "?"
            raise PluginError(f"plugin {plugin_name!r}: {exc}") from exc


def _entry_points() -> Iterable[importlib.metadata.EntryPoint]:
    return importlib.metadata.entry_points(group=ENTRY_POINT_GROUP)


def build_plugin_manager(settings: dict | None = None, only: Iterable[str] | None = None,
                         extra: Iterable[tuple[str, types.ModuleType]] = ()) -> PluginManager:
    """Create the manager with the core plugin and the installed plugins.

    ``settings['cc.plugins.disabled']`` names plugins to skip.  ``only``
    restricts loading to the named entry points (the test harness uses it so
    a plugin's tests run with exactly the plugins they name); ``extra``
    registers modules directly, for tests that bring tiny plugins.
    """
    settings = settings or {}
    disabled = set(parse_name_list(settings.get("cc.plugins.disabled")))
    wanted = None if only is None else set(only)
    pm = PluginManager()
    pm.register_plugin(CORE_PLUGIN_NAME, core_plugin, "cc-core", _version("cc-core"))
    found = set()
    for ep in sorted(_entry_points(), key=lambda e: e.name):
        found.add(ep.name)
        if ep.name in disabled or (wanted is not None and ep.name not in wanted):
            log.info("plugin %s skipped", ep.name)
            continue
        if ep.name in pm.infos:
            raise PluginError(f"plugin {ep.name!r} is installed twice (entry point {ep.value})")
        try:
            module = ep.load()
        except Exception as exc:
            raise PluginError(
                f"plugin {ep.name!r} (entry point {ep.value!r}) failed to import: "
                f"{type(exc).__name__}: {exc}") from exc
        dist = ep.dist.name if ep.dist is not None else None
        pm.register_plugin(ep.name, module, dist, ep.dist.version if ep.dist is not None else None)
    if wanted is not None:
        missing = wanted - found - {name for name, _ in extra}
        if missing:
            raise PluginError(f"plugin(s) not installed: {', '.join(sorted(missing))}")
    for name, module in extra:
        pm.register_plugin(name, module)
    pm.finish()
    return pm


def _version(distribution: str) -> str | None:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return None

