"""Moving a test's own database down to a plugin's revision and back up, as ``cc upgrade`` would.

A plugin's migration test prepares a database of its own
(:func:`~cc_core.testing.prepare_database`), goes down to the revision
before its new migration, checks the old shape, and comes back up.  These
two calls give it the plugin set's migrations without reaching into the
core's migration machinery.
"""
from __future__ import annotations


def downgrade_to(engine, settings: dict, names, revision: str) -> None:
    """Take ``engine``'s database down to ``revision`` with the migrations of plugins ``names``."""
    from alembic import command

    from ..migrate import alembic_config
    from ..plugins import build_plugin_manager

    plugin_manager = build_plugin_manager(settings, only=tuple(names))
    with engine.begin() as connection:
        command.downgrade(alembic_config(plugin_manager, connection), revision)


def upgrade_to_heads(engine, settings: dict, names) -> list[str]:
    """Bring ``engine``'s database to every head of plugins ``names``; the revisions applied, in order."""
    from ..migrate import upgrade
    from ..plugins import build_plugin_manager

    return upgrade(engine, build_plugin_manager(settings, only=tuple(names)))
