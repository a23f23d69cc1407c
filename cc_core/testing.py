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
``mailbox``       mail received by the run's SMTP server (aiosmtpd on
                  loopback) since the test began
``run_jobs``      ``run_jobs(**settings)`` runs the jobs queued in the
                  test's transaction, as ``cc worker --once`` would
``faulty_smtp``   an SMTP server that can be down, answer 4xx or 5xx, or
                  hang (:mod:`cc_core.testing_smtp`)
``live_server``   the portal served by waitress on loopback, on a database
                  of its own whose commits are real
``browser_page``  a Playwright page in headless Chromium

Choose plugins with a marker (default: the core alone)::

    pytestmark = pytest.mark.cc_plugins("requests", "faq")

and extra settings with ``@pytest.mark.cc_settings({"key": "value"})``.
"""
from __future__ import annotations

import contextlib
import email
import email.policy
import os
import re
import shutil
import socket
import threading
import time
import uuid

import pytest
import sqlalchemy as sa
import transaction


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

DEFAULT_SETTINGS = {
    "pyramid.default_locale_name": "en",
    "cc.secret": "testing-secret-0123456789abcdef0123456789",
    "cc.site_name": "Customer Centre",
    "cc.languages": "en nb",
    "cc.default_timezone": "Europe/Oslo",
    "mail.backend": "smtp",
    "mail.delivery": "inline",
    "mail.host": "127.0.0.1",
    "mail.default_sender": "Customer Centre <support@example.com>",
    "retry.attempts": "3",
}
CHROMIUM = os.environ.get("CC_CHROMIUM", "/usr/bin/chromium")
DEMO_PASSWORD = "demo-password"


def pytest_configure(config):
    config.addinivalue_line("markers", "cc_plugins(*names, extra=()): plugins the test's app loads")
    config.addinivalue_line("markers", "cc_settings(dict): extra application settings for the test")
    config.addinivalue_line("markers", "browser: a test driving headless Chromium")


# -- settings and database --------------------------------------------------

def _ini_settings(rootdir) -> dict:
    path = os.environ.get("CC_TEST_INI") or os.path.join(str(rootdir), "testing.ini")
    if not os.path.exists(path):
        return {}
    from pyramid.paster import get_appsettings

    return dict(get_appsettings(path))


class SMTPServer:
    """A real SMTP server on loopback that keeps what it receives."""

    def __init__(self):
        from aiosmtpd.controller import Controller

        self.messages: list[email.message.EmailMessage] = []
        self._lock = threading.Lock()
        outer = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                message = email.message_from_bytes(envelope.content, policy=email.policy.default)
                with outer._lock:
                    outer.messages.append(message)
                return "250 OK"

        self.port = _free_port()
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)

    def start(self):
        self.controller.start()

    def stop(self):
        self.controller.stop()


class Mailbox:
    """The messages that reached the SMTP server during one test."""

    def __init__(self, server: SMTPServer):
        self.server = server
        self.start = len(server.messages)

    @property
    def messages(self):
        return self.server.messages[self.start:]

    def wait_for(self, count: int = 1, timeout: float = 5.0):
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return self.messages

    def to(self, address: str):
        return [m for m in self.messages if address in str(m["To"])]

    @staticmethod
    def text(message) -> str:
        part = message.get_body(preferencelist=("plain",))
        return part.get_content() if part is not None else ""

    @staticmethod
    def links(message) -> list[str]:
        return re.findall(r"https?://[^\s<>\"]+", Mailbox.text(message))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def smtp_server():
    server = SMTPServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def mailbox(smtp_server):
    return Mailbox(smtp_server)


@pytest.fixture(scope="session")
def cc_base_settings(request, smtp_server, tmp_path_factory) -> dict:
    settings = {**DEFAULT_SETTINGS, **_ini_settings(request.config.rootpath)}
    # Uploaded files (cc_core.storage) go to a folder of this run, not var/.
    settings.setdefault("cc.files_dir", str(tmp_path_factory.mktemp("files")))
    settings["mail.port"] = str(smtp_server.port)
    settings["mail.backend"] = "smtp"
    return settings


class TestDatabase:
    """A database created for one test run and removed afterwards."""

    def __init__(self, tmp_dir: str, label: str):
        base = os.environ.get("CC_TEST_DATABASE_URL")
        self.admin_url = None
        if base:
            url = sa.engine.make_url(base)
            self.name = f"cc_test_{label}_{os.getpid()}_{uuid.uuid4().hex[:6]}"
            self.admin_url = url
            admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.exec_driver_sql(f'CREATE DATABASE "{self.name}"')
            admin.dispose()
            self.url = url.set(database=self.name).render_as_string(hide_password=False)
        else:
            self.name = os.path.join(tmp_dir, f"{label}.sqlite")
            self.url = f"sqlite:///{self.name}"

    def drop(self):
        if self.admin_url is None:
            return
        admin = sa.create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        admin.dispose()


def session_plugin_names(session) -> tuple[str, ...]:
    """Every plugin some collected test names: the database needs their tables.

    Running one plugin's suite migrates only what that suite uses, so a
    half-written plugin elsewhere in the tree cannot break it.
    """
    names = set()
    for item in session.items:
        for marker in item.iter_markers("cc_plugins"):
            names.update(marker.args)
    return tuple(sorted(names))


def migrated_engine(settings: dict, names=None):
    """An engine on ``settings``' database, migrated for the plugins ``names`` (default all).

    For a plugin's benchmarks and tools as much as for tests: the engine is
    a real one, not the harness's rolled-back connection.
    """
    from .db import engine_from_settings
    from .migrate import upgrade
    from .plugins import build_plugin_manager

    engine = engine_from_settings(settings)
    upgrade(engine, build_plugin_manager(settings, only=names))
    return engine


def standalone_app(settings: dict, names=None):
    """The WSGI application for the plugins ``names`` on ``settings``' own database.

    Unlike the ``app`` fixture, requests commit for real: what a
    benchmark or a served test portal needs.
    """
    from . import make_app
    from .plugins import build_plugin_manager

    return make_app(settings, plugin_manager=build_plugin_manager(settings, only=names))


def prepare_database(settings: dict, url: str, names=None):
    """Migrate ``url`` with the plugins ``names`` (default all) and load the demo data."""
    from .cli import Environment
    from .db import engine_from_settings
    from .migrate import upgrade
    from .plugins import build_plugin_manager

    settings = {**settings, "sqlalchemy.url": url}
    engine = engine_from_settings(settings)
    pm = build_plugin_manager(settings, only=names)
    upgrade(engine, pm)
    env = Environment.__new__(Environment)
    env.settings, env._engine, env._pm = settings, engine, pm
    from .cli import load_demo

    load_demo(env)
    return engine


@pytest.fixture(scope="session")
def dbengine(request, cc_base_settings, tmp_path_factory):
    database = TestDatabase(str(tmp_path_factory.mktemp("db")), "main")
    engine = prepare_database(cc_base_settings, database.url, session_plugin_names(request.session))
    yield engine
    engine.dispose()
    database.drop()


class _SwitchableSessionFactory:
    """A session factory whose connection changes with each test.

    Apps are built once per plugin set and reused; each test points them at
    its own connection, whose outer transaction is rolled back at the end.
    """

    connection = None

    def __call__(self, **kwargs):
        from sqlalchemy.orm import Session

        if self.connection is None:
            raise RuntimeError("the app was used outside a test's database transaction")
        return Session(bind=self.connection, join_transaction_mode="create_savepoint",
                       expire_on_commit=False, **kwargs)


_session_factory = _SwitchableSessionFactory()


@pytest.fixture
def dbconnection(dbengine):
    connection = dbengine.connect()
    outer = connection.begin()
    _session_factory.connection = connection
    yield connection
    _session_factory.connection = None
    outer.rollback()
    connection.close()


@pytest.fixture
def dbsession(dbconnection):
    """A session in the test's transaction; commit() only releases a savepoint."""
    session = _session_factory()
    yield session
    session.close()


# -- the application --------------------------------------------------------

def _marker_args(node, name):
    marker = node.get_closest_marker(name)
    return marker


def plugin_spec(node) -> tuple[tuple[str, ...], tuple]:
    marker = node.get_closest_marker("cc_plugins")
    if marker is None:
        return (), ()
    return tuple(marker.args), tuple(marker.kwargs.get("extra", ()))


@pytest.fixture
def cc_settings(request, cc_base_settings) -> dict:
    settings = dict(cc_base_settings)
    for marker in reversed(list(request.node.iter_markers("cc_settings"))):
        settings.update(marker.args[0] if marker.args else marker.kwargs)
    return settings


_apps: dict = {}


def build_app(settings: dict, names=(), extra=(), session_factory=None):
    """Build (or reuse) the app for a plugin set and settings."""
    from . import make_app
    from .plugins import build_plugin_manager

    key = (tuple(names), tuple((n, m.__name__) for n, m in extra), tuple(sorted(settings.items())),
           session_factory is None)
    if key not in _apps:
        pm = build_plugin_manager(settings, only=names, extra=extra)
        _apps[key] = make_app(settings, plugin_manager=pm,
                              session_factory=session_factory or _session_factory)
    return _apps[key]


@pytest.fixture
def app(request, cc_settings, dbconnection):
    names, extra = plugin_spec(request.node)
    return build_app(cc_settings, names, extra)


@pytest.fixture
def testapp(app):
    import webtest

    return webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost", "REMOTE_ADDR": "192.0.2.10"})


def do_login(testapp, email: str, password: str = DEMO_PASSWORD):
    """Log ``testapp`` in through the real login form; returns the redirect."""
    page = testapp.get("/login")
    form = page.forms["login"]
    form["email"] = email
    form["password"] = password
    response = form.submit()
    assert response.status_int == 303, f"login as {email} failed: {response.status}"
    return response


@pytest.fixture
def login():
    return do_login


@pytest.fixture
def new_testapp(app):
    """Make more browsers-in-a-test: each ``new_testapp()`` has its own cookies."""
    import webtest

    def make(address: str = "192.0.2.11"):
        return webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost", "REMOTE_ADDR": address})

    return make


# -- factories ----------------------------------------------------------------

_hash_cache: dict = {}


def create_company(dbsession, name: str | None = None, **fields):
    from .models import Company

    company = Company(name=name or f"Company {uuid.uuid4().hex[:6]}", **fields)
    dbsession.add(company)
    dbsession.flush()
    return company


def create_person(dbsession, email: str | None = None, password: str = DEMO_PASSWORD, company=None, **fields):
    """A person who can log in with ``password`` (hashes are cached: argon2 is slow on purpose)."""
    from .models import Person
    from .passwords import hash_password

    if password not in _hash_cache:
        _hash_cache[password] = hash_password(password)
    person = Person(email=(email or f"p{uuid.uuid4().hex[:8]}@example.org").lower(),
                    name=fields.pop("name", "Test Person"), company=company,
                    password_hash=_hash_cache[password], **fields)
    dbsession.add(person)
    dbsession.flush()
    return person


def person_by_email(dbsession, email: str):
    from .models import Person

    return dbsession.scalar(sa.select(Person).where(Person.email == email))


@pytest.fixture
def run_jobs(app, dbconnection):
    from .testing_jobs import job_runner

    return job_runner(app, dbconnection)


@pytest.fixture
def faulty_smtp():
    from .testing_smtp import FaultySMTPServer

    server = FaultySMTPServer()
    server.start()
    yield server
    server.stop()


# -- live server and browser --------------------------------------------------

class LiveServer:
    """The portal served over real HTTP by waitress, on its own database."""

    def __init__(self, app, port: int):
        from waitress.server import create_server

        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        #: The portal's WSGI application (waitress serves it wrapped in middleware of its own).
        self.app = app
        self.server = create_server(app, host="127.0.0.1", port=port, threads=4)
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self._stopping = threading.Event()

    def _serve(self):
        try:
            self.server.run()
        except (OSError, ValueError):
            # close() from the test's thread pulls the socket out from under
            # the server thread's select(): expected while stopping only.
            if not self._stopping.is_set():
                raise

    def start(self):
        self.thread.start()

    def stop(self):
        self._stopping.set()
        self.server.close()
        self.thread.join(timeout=5)


@pytest.fixture(scope="module")
def live_server(request, cc_base_settings, tmp_path_factory):
    """The portal on loopback with the plugins the module names (``cc_plugins``)."""
    from . import make_app
    from .plugins import build_plugin_manager

    database = TestDatabase(str(tmp_path_factory.mktemp("live")), "live")
    settings = {**cc_base_settings, "sqlalchemy.url": database.url}
    names, extra = plugin_spec(request.node)
    engine = prepare_database(settings, database.url, names)
    engine.dispose()
    pm = build_plugin_manager(settings, only=names, extra=extra)
    server = LiveServer(make_app(settings, plugin_manager=pm), _free_port())
    server.settings = settings
    server.start()
    yield server
    server.stop()
    app_engine = None
    with contextlib.suppress(Exception):
        app_engine = server.app.registry["cc.db.engine"]
        app_engine.dispose()
    database.drop()


def browser_required() -> bool:
    return bool(os.environ.get("CI") or os.environ.get("CC_REQUIRE_BROWSER"))


@pytest.fixture(scope="session")
def chromium():
    """Headless Chromium from the system package, driven by Playwright.

    In CI (``CI`` or ``CC_REQUIRE_BROWSER`` set) a missing browser fails the
    tests; elsewhere they are skipped with the reason.
    """
    if not os.path.exists(CHROMIUM) and not shutil.which("chromium"):
        message = f"Chromium not found at {CHROMIUM}: install the 'chromium' package"
        if browser_required():
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium"),
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                  "--no-first-run", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"])
        yield browser
        browser.close()


@pytest.fixture
def browser_context_factory(chromium, tmp_path):
    contexts = []

    def make(**kwargs):
        context = chromium.new_context(**kwargs)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def browser_page(browser_context_factory, tmp_path, request):
    """A page in a fresh browser context; a screenshot is kept in ``tmp_path``."""
    page = browser_context_factory().new_page()
    yield page
    with contextlib.suppress(Exception):
        page.screenshot(path=str(tmp_path / f"{request.node.name}.png"), full_page=True)


def browser_login(page, live_server, email: str, password: str = DEMO_PASSWORD):
    page.goto(f"{live_server.url}/login")
    page.fill("#login-email", email)
    page.fill("#login-password", password)
    page.click("#login button[type=submit]")
    page.wait_for_load_state()


# Checks every plugin's suite wants: its migration branch builds what its
# models describe, and its catalogues are current and complete.

def schema_differences(connection, table_prefix: str) -> list[tuple[str, str, str]]:
    """How the migrated database differs from the models, for tables named ``table_prefix...``.

    Each difference is ``(kind, table, name)`` as Alembic's comparison
    reports it (``add_index``, ``modify_type``, ...); a plugin's test asserts
    the list is empty, so a model changed without a migration fails.
    """
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from .db import Base

    context = MigrationContext.configure(connection, opts={"compare_type": True})
    found = []
    for diff in compare_metadata(context, Base.metadata):
        kind, table, name = _describe_difference(diff[0] if isinstance(diff, list) else diff)
        if table.startswith(table_prefix):
            found.append((kind, table, name))
    return found


def _describe_difference(diff) -> tuple[str, str, str]:
    kind = diff[0]
    if kind in ("add_table", "remove_table"):
        return kind, diff[1].name, diff[1].name
    if kind in ("add_column", "remove_column"):
        return kind, diff[2], diff[3].name
    if kind.startswith("modify_"):
        return kind, diff[2], diff[3]
    return kind, diff[1].table.name, diff[1].name or ""  # indexes, constraints, foreign keys


_PLACEHOLDER = re.compile(r"\$\{\w+\}")


def catalogue_problems(package_dir, domain: str, language: str = "nb") -> list[str]:
    """What is wrong with a package's translations, as sentences (empty when nothing is).

    The messages are extracted afresh from the package's code and templates
    (lingva's ``pot-create``, as the catalogues are made): the ``.pot`` must
    list exactly those, the ``language`` catalogue must translate each one,
    none fuzzy, keeping every ``${placeholder}``.
    """
    import subprocess
    import sys
    import tempfile
    from pathlib import Path

    from babel.messages.pofile import read_po

    package_dir = Path(package_dir)
    locale = package_dir / "locale"
    with tempfile.TemporaryDirectory() as scratch:
        fresh_path = Path(scratch) / f"{domain}.pot"
        subprocess.run([str(Path(sys.executable).with_name("pot-create")), "-q", "-d", domain, "-o",
                        str(fresh_path), "--allow-empty", str(package_dir)], check=True, capture_output=True)
        with fresh_path.open("rb") as fh:
            fresh = {message.id for message in read_po(fh) if message.id}
    problems = []
    with (locale / f"{domain}.pot").open("rb") as fh:
        template = {message.id for message in read_po(fh) if message.id}
    if template != fresh:
        problems.append(f"{domain}.pot is out of date: missing {sorted(fresh - template)}, "
                        f"stale {sorted(template - fresh)}")
    with (locale / language / "LC_MESSAGES" / f"{domain}.po").open("rb") as fh:
        catalogue = read_po(fh)
    translated = {message.id for message in catalogue if message.id}
    if translated != fresh:
        problems.append(f"{language}: missing {sorted(fresh - translated)}, stale {sorted(translated - fresh)}")
    for message in catalogue:
        if not message.id:
            continue
        if not message.string:
            problems.append(f"{language}: untranslated {message.id!r}")
        elif message.fuzzy:
            problems.append(f"{language}: fuzzy {message.id!r}")
        else:
            default = " ".join(c for c in message.auto_comments if not c.startswith(("Used in", "Canonical")))
            expected = set(_PLACEHOLDER.findall(message.id)) | set(_PLACEHOLDER.findall(default))
            if set(_PLACEHOLDER.findall(message.string)) != expected:
                problems.append(f"{language}: placeholders of {message.id!r} differ in {message.string!r}")
    return problems


__all__ = ["build_app", "do_login", "create_company", "create_person", "person_by_email", "browser_login",
           "Mailbox", "SMTPServer", "LiveServer", "prepare_database", "transaction", "schema_differences",
           "catalogue_problems"]
