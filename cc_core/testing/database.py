"""The run's database, migrated once, and the per-test transaction that is rolled back.

Apps are built once per plugin set and reused across tests; each test
points them at its own connection through one switchable session
factory, so what the app writes, the test's ``dbsession`` sees, and the
rollback at the end undoes both.
"""
from __future__ import annotations

import os
import uuid

import pytest
import sqlalchemy as sa


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
    from ..db import engine_from_settings
    from ..migrate import upgrade
    from ..plugins import build_plugin_manager

    engine = engine_from_settings(settings)
    upgrade(engine, build_plugin_manager(settings, only=names))
    return engine


def standalone_app(settings: dict, names=None):
    """The WSGI application for the plugins ``names`` on ``settings``' own database.

    Unlike the ``app`` fixture, requests commit for real: what a
    benchmark or a served test portal needs.
    """
    from .. import make_app
    from ..plugins import build_plugin_manager

    return make_app(settings, plugin_manager=build_plugin_manager(settings, only=names))


def prepare_database(settings: dict, url: str, names=None):
    """Migrate ``url`` with the plugins ``names`` (default all) and load the demo data."""
    from ..cli import Environment
    from ..db import engine_from_settings
    from ..migrate import upgrade
    from ..plugins import build_plugin_manager

    settings = {**settings, "sqlalchemy.url": url}
    engine = engine_from_settings(settings)
    pm = build_plugin_manager(settings, only=names)
    upgrade(engine, pm)
    env = Environment.__new__(Environment)
    env.settings, env._engine, env._pm = settings, engine, pm
    from ..cli import load_demo
    from ..passwords import configure

    configure(settings)   # the demo persons' hashes are made with the suite's parameters

    load_demo(env)
    return engine


@pytest.fixture(scope="session")
def dbengine(request, cc_base_settings, tmp_path_factory):
    database = TestDatabase(str(tmp_path_factory.mktemp("db")), "main")
    engine = prepare_database(cc_base_settings, database.url, session_plugin_names(request.session))
    yield engine
    engine.dispose()
    database.drop()


class SwitchableSessionFactory:
    """A session factory whose connection changes with each test.

    Apps are built once per plugin set and reused; each test points them at
    its own connection, whose outer transaction is rolled back at the end.
    """

    connection = None

    def __call__(self, **kwargs):
        from ..tm_session import TransactionSession

        if self.connection is None:
            raise RuntimeError("the app was used outside a test's database transaction")
        return TransactionSession(bind=self.connection, join_transaction_mode="create_savepoint",
                       expire_on_commit=False, **kwargs)


session_factory = SwitchableSessionFactory()


@pytest.fixture
def dbconnection(dbengine):
    connection = dbengine.connect()
    outer = connection.begin()
    session_factory.connection = connection
    yield connection
    session_factory.connection = None
    outer.rollback()
    connection.close()


@pytest.fixture
def dbsession(dbconnection):
    """A session in the test's transaction; commit() only releases a savepoint."""
    session = session_factory()
    yield session
    session.close()

