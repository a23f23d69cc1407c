"""Run Alembic over the core's and every plugin's migration branch."""
from __future__ import annotations

import os

from alembic import command
from alembic.config import Config
from pyramid.path import AssetResolver

CORE_MIGRATION_BASE = "cc_core_0001"


def version_locations(plugin_manager) -> list[str]:
    """The core's version folder plus each plugin's, as absolute paths."""
    resolver = AssetResolver()
    locations = ["cc_core:migrations/versions"]
    for result in plugin_manager.hook.cc_migration_locations():
        locations.extend(result or [])
    paths = []
    for location in locations:
        path = resolver.resolve(location).abspath() if ":" in location and not os.path.isabs(location) else location
        if path not in paths:
            paths.append(path)
    return paths


def alembic_config(plugin_manager, connection) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", AssetResolver().resolve("cc_core:migrations").abspath())
    # Alembic splits this option on the separator; os.pathsep keeps
    # folders with spaces intact.
    cfg.set_main_option("path_separator", "os")
    cfg.set_main_option("version_locations", os.pathsep.join(version_locations(plugin_manager)))
    cfg.attributes["connection"] = connection
    return cfg


def upgrade(engine, plugin_manager, revision: str = "heads") -> None:
    """Bring the database to ``revision`` (all branch heads by default)."""
    with engine.begin() as connection:
        command.upgrade(alembic_config(plugin_manager, connection), revision)


def current_heads(engine, plugin_manager) -> set[str]:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return set(MigrationContext.configure(connection).get_current_heads())
