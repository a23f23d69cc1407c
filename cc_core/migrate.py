"""Run Alembic over the core's and every plugin's migration branch."""
from __future__ import annotations

import os

from alembic import command
from alembic.config import Config
from pyramid.path import AssetResolver

CORE_MIGRATION_BASE = "cc_core_0001"


def location_path(location: str) -> str:
    """A version folder named by ``cc_migration_locations`` (an asset spec or a path), as an absolute path."""
    if ":" in location and not os.path.isabs(location):
        return AssetResolver().resolve(location).abspath()
    return os.path.abspath(location)


def version_locations(plugin_manager) -> list[str]:
    """Every plugin's version folders (the core's among them), as absolute paths."""
    paths = []
    for result in plugin_manager.hook.cc_migration_locations():
        for location in result or []:
            path = location_path(location)
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


def branch_heads(plugin_manager) -> dict[str, list[dict]]:
    """Each version folder's branches: ``{folder: [{"label": ..., "head": ...}]}``.

    ``label`` is the branch label of the head's first labelled ancestor
    (its base revision declares it), ``head`` the newest revision, as
    ``alembic heads`` would name them; folders are absolute paths.
    """
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config(plugin_manager, None))
    found: dict[str, list[dict]] = {}
    for head in (revision for revision in script.walk_revisions() if revision.is_head):
        label = next((label for revision in script.iterate_revisions(head.revision, "base")
                      for label in revision.branch_labels or ()), "")
        folder = os.path.dirname(os.path.abspath(head.path))
        found.setdefault(folder, []).append({"label": label, "head": head.revision})
    return {folder: sorted(heads, key=lambda branch: branch["label"]) for folder, heads in found.items()}


def upgrade(engine, plugin_manager, revision: str = "heads") -> list[str]:
    """Bring the database to ``revision`` (all branch heads by default); the revisions applied, in order.

    Under :func:`~cc_core.migration_lock.migration_lock`: run on several
    hosts at once, one applies the migrations and the others, once it is
    done, find nothing to apply and return an empty list.
    """
    from .migration_lock import migration_lock

    applied: list[str] = []
    with migration_lock(engine), engine.begin() as connection:
        cfg = alembic_config(plugin_manager, connection)
        cfg.attributes["on_version_apply"] = lambda step, **kw: applied.append(step.up_revision_id)
        command.upgrade(cfg, revision)
    return applied


def current_heads(engine, plugin_manager) -> set[str]:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return set(MigrationContext.configure(connection).get_current_heads())
