"""Test harness for the core and for plugin authors (a pytest plugin).

Installed with ``cc-core`` through the ``pytest11`` entry point, so any
plugin's test suite gets these fixtures without a ``conftest.py``:

``cc_settings``   the application settings of this test run
``dbengine``      engine on a database made for this run (SQLite in a temp
                  folder, or a fresh PostgreSQL database when
                  ``CC_TEST_DATABASE_URL`` is set), migrated with every
                  installed plugin's branch and filled with the demo data
``dbsession``     a session whose work is rolled back after the test
``app``           the WSGI app with the plugins the test names, sharing
                  ``dbsession``'s transaction
``testapp``       a ``webtest.TestApp`` on ``app``
``login``         ``login(testapp, email, password="demo-password")``
``sql_statements`` ``with sql_statements() as statements:`` lists the SQL
                  the test's connection ran in the block
``mailbox``       mail received by the run's SMTP server (aiosmtpd on
                  loopback) since the test began
``run_jobs``      ``run_jobs(**settings)`` runs the jobs queued in the
                  test's transaction, as ``cc worker --once`` would
``faulty_smtp``   an SMTP server that can be down, answer 4xx or 5xx, or
                  hang (:mod:`cc_core.testing.faulty_smtp`)
``live_server``   the portal served by waitress on loopback, on a database
                  of its own whose commits are real
``browser_page``  a Playwright page in headless Chromium
``api_document``  the OpenAPI document the test's app serves at ``/api/v1/openapi.json``

The S3 fixtures (``seaweedfs`` and friends) are a plugin of their own,
:mod:`cc_core.testing.s3`, registered beside this one; so are the IMAP
server's (``dovecot``, ``imap_folder``), :mod:`cc_core.testing.imap`.

Choose plugins with a marker (default: the core alone)::

    pytestmark = pytest.mark.cc_plugins("requests", "faq")

and extra settings with ``@pytest.mark.cc_settings({"key": "value"})``.

The harness is a package with a module per job (settings, database, app,
factories, statements, mail, jobs, live server, browser, checks); this
module gathers their fixtures, since pytest finds a plugin's fixtures
among its attributes, and every name plugin authors import.
"""
from __future__ import annotations


def _let_pkg_resources_read_rewritten_modules() -> None:
    """Pyramid resolves asset specs through pkg_resources, which refuses
    packages loaded by pytest's assertion-rewriting import hook (as this
    plugin's own package is); tell it they are ordinary files."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        import pkg_resources
    from _pytest.assertion.rewrite import AssertionRewritingHook

    pkg_resources.register_loader_type(AssertionRewritingHook, pkg_resources.DefaultProvider)


_let_pkg_resources_read_rewritten_modules()

import transaction  # noqa: E402  (re-exported: tests commit through it)

# Helpers plugin authors import.
from .api_checks import api_conforms, api_token, fuzz_api, response_problems  # noqa: E402
from .app import build_app, do_login, plugin_spec  # noqa: E402
from .browser import CHROMIUM, browser_login, browser_required  # noqa: E402
from .checks import catalogue_problems, schema_differences  # noqa: E402
from .database import (TestDatabase, migrated_engine, prepare_database, session_plugin_names,  # noqa: E402
                       standalone_app)
from .ini_file import write_ini  # noqa: E402
from .factories import create_company, create_person, person_by_email  # noqa: E402
from .faulty_smtp import FaultySMTPServer  # noqa: E402
from .jobs import job_runner  # noqa: E402
from .live import LiveServer  # noqa: E402
from .mail import Mailbox, SMTPServer  # noqa: E402
from .metrics import metric_value  # noqa: E402
from .migrations import downgrade_to, upgrade_to_heads  # noqa: E402
from .mail_in import changed_settings, fetch_mail, inbound_outcomes, ingest_mail  # noqa: E402
from .imap import Dovecot  # noqa: E402  (its fixtures are the cc_core_imap plugin's, not these)
from .ports import free_port  # noqa: E402
from .s3 import SeaweedFS, weed_binary  # noqa: E402  (its fixtures are the cc_core_s3 plugin's, not these)
from .settings import DEFAULT_SETTINGS, DEMO_PASSWORD, ini_settings  # noqa: E402
from .statements import recorded_statements  # noqa: E402
from .together import at_once  # noqa: E402

# Fixtures: pytest registers those it finds among this plugin module's attributes.
from .api_checks import api_document  # noqa: E402,F401
from .app import app, login, new_testapp, testapp  # noqa: E402,F401
from .browser import browser_context_factory, browser_page, chromium  # noqa: E402,F401
from .axe import axe_check  # noqa: E402,F401
from .database import dbconnection, dbengine, dbsession  # noqa: E402,F401
from .jobs import run_jobs  # noqa: E402,F401
from .live import live_server  # noqa: E402,F401
from .mail import faulty_smtp, mailbox, smtp_server  # noqa: E402,F401
from .settings import cc_base_settings, cc_settings  # noqa: E402,F401
from .statements import sql_statements  # noqa: E402,F401


def pytest_configure(config):
    config.addinivalue_line("markers", "cc_plugins(*names, extra=()): plugins the test's app loads")
    config.addinivalue_line("markers", "cc_settings(dict): extra application settings for the test")
    config.addinivalue_line("markers", "browser: a test driving headless Chromium")


__all__ = ["at_once", "build_app", "do_login", "create_company", "create_person", "person_by_email", "browser_login",
           "Mailbox", "SMTPServer", "FaultySMTPServer", "LiveServer", "TestDatabase", "prepare_database",
           "migrated_engine", "standalone_app", "session_plugin_names", "plugin_spec", "job_runner",
           "transaction", "schema_differences", "catalogue_problems", "recorded_statements", "free_port",
           "browser_required", "CHROMIUM", "SeaweedFS", "weed_binary", "DEFAULT_SETTINGS", "DEMO_PASSWORD", "ini_settings",
           "write_ini", "metric_value", "downgrade_to", "upgrade_to_heads",
           "Dovecot", "ingest_mail", "fetch_mail", "inbound_outcomes", "changed_settings",
           "api_token", "response_problems", "api_conforms", "fuzz_api"]
