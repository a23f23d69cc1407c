"""Hooks that run while the application or the command line starts."""
from __future__ import annotations

import pluggy

hookspec = pluggy.HookspecMarker("cc")


@hookspec
def cc_configure(config):
    """Configure the plugin's part of the Pyramid application.

    Called once while the WSGI application is built, after the core has
    set up the database, security, layout and form machinery, and before the
    configuration is committed.  ``config`` is the Pyramid ``Configurator``.
    A plugin normally includes its own package here under a route prefix::

        config.include("cc_faq", route_prefix="/faq")
    """


@hookspec
def cc_add_hookspecs(plugin_manager):
    """Add hook specifications that this plugin offers to other plugins.

    Called after every plugin has been registered and before the core checks
    that every implemented hook has a specification.  A plugin that offers
    hooks (for example the requests plugin's ``cc_requests_*`` family) calls
    ``plugin_manager.add_hookspecs(its_hookspecs_module)`` here.
    """


@hookspec
def cc_migration_locations():
    """Return a list of folders that hold the plugin's Alembic revisions.

    Each plugin ships its own migration branch: the first revision carries a
    ``branch_labels`` tuple with the plugin's name and ``depends_on`` the
    core's first revision (``cc_core.api.CORE_MIGRATION_BASE``).  ``cc
    upgrade`` runs ``alembic upgrade heads`` over all these folders.  Use
    asset specifications (``"cc_faq:migrations/versions"``) or absolute paths.
    """


@hookspec
def cc_demo_data(dbsession, settings):
    """Add the plugin's demonstration data.

    Called by ``cc initdb --demo`` once the schema is migrated, after the
    core has created its demo companies and persons, inside one transaction.
    Look persons up by e-mail (``demo@example.com``, ``manager@example.com``,
    ``agent@example.com``, ``other@example.net``).
    """


@hookspec
def cc_seed_counts():
    """Declare what the plugin adds to the benchmark data set, and how much.

    Return a list of :class:`cc_core.api.SeedCount` (name, full-size
    default, help, whether ``--scale`` multiplies it).  ``cc seed`` offers
    ``--NAME N`` for each, and the plugin's ``cc_seed`` reads the count of
    the run with ``sizes.of(count)``.  Names are shared by all plugins:
    prefix them with what they count (``faq_articles``).
    """


@hookspec
def cc_seed(engine, settings, sizes):
    """Add the plugin's share of the benchmark data set (``cc seed``).

    Called after the core has bulk-inserted ``sizes.companies`` companies
    and ``sizes.persons`` persons (e-mails ``person<id>@bench.example``).
    ``sizes`` is a :class:`cc_core.api.SeedSizes`: ``sizes.of(count)`` is
    how many of a count declared through ``cc_seed_counts`` to make; use bulk inserts on
    ``engine`` in batches (``cc_core.api.insert_batches``, which shows a
    progress bar), never one ORM object per row.
    """


@hookspec
def cc_cli_commands(subparsers):
    """Add sub-commands to the ``cc`` command line.

    ``subparsers`` is the ``argparse`` sub-parser collection.  A plugin adds
    a parser and sets ``func`` to a callable taking ``(args, env)`` where
    ``env`` gives ``env.settings``, ``env.dbsession()`` and ``env.registry``::

        p = subparsers.add_parser("faq", help="manage the FAQ")
        p.set_defaults(func=run_faq_command)
    """
