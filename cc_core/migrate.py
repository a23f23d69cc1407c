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


def branches(plugin_manager, location: str) -> list[dict]:
    """The migration branches whose revisions live in ``location`` (an asset spec or a folder).

    Each is ``{"label": ..., "head": ...}``: the branch label its base
    revision declares and the newest revision, as ``alembic heads`` would
    name them.
    """
    from alembic.script import ScriptDirectory

    folder = AssetResolver().resolve(location).abspath() if ":" in location else location
    script = ScriptDirectory.from_config(alembic_config(plugin_manager, None))
    ours = [revision for revision in script.walk_revisions()
            if os.path.dirname(os.path.abspath(revision.path)) == os.path.abspath(folder)]
    found = []
    for revision in ours:
        if revision.is_head:
            label = next((label for r in ours for label in (r.branch_labels or ())
                          if r.revision in _ancestors(script, revision.revision)), "")
            found.append({"label": label, "head": revision.revision})
    return sorted(found, key=lambda branch: branch["label"])


def _ancestors(script, revision: str) -> set[str]:
    return {r.revision for r in script.iterate_revisions(revision, "base")}


def upgrade(engine, plugin_manager, revision: str = "heads") -> None:
    """Bring the database to ``revision`` (all branch heads by default)."""
    with engine.begin() as connection:
        command.upgrade(alembic_config(plugin_manager, connection), revision)


def current_heads(engine, plugin_manager) -> set[str]:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return set(MigrationContext.configure(connection).get_current_heads())
