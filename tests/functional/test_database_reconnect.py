"""A connection the database server dropped is replaced by replaying the request, not by a ping per request.

The web application's pool hands out connections without ``SELECT 1``
first (:mod:`cc_core.db_reconnect`).  On PostgreSQL the server really
drops them here: every backend of the test's database is terminated
between two pages, as a restart or a fail-over would, and the next pages
answer as if nothing had happened.  A dropped connection after a statement
went through is not replayed; that rule is held by the decision function.
"""
import os
import types

import pytest
import sqlalchemy as sa
import webtest
from pyramid_retry import IBeforeRetry, IRetryableError
from sqlalchemy.pool import NullPool

from cc_core import db_reconnect
from cc_core.testing import do_login

pytestmark = pytest.mark.cc_plugins("requests", "faq")


def _terminate_backends(live_server) -> int:
    name = sa.engine.make_url(live_server.settings["sqlalchemy.url"]).database
    admin = sa.create_engine(os.environ["CC_TEST_DATABASE_URL"], poolclass=NullPool, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            return len(connection.exec_driver_sql(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %(name)s "
                "AND pid <> pg_backend_pid()", {"name": name}).all())
    finally:
        admin.dispose()


def test_the_web_application_does_not_ping_its_connections(live_server):
    engine = live_server.app.registry["cc.db.engine"]
    assert engine.pool._pre_ping is False


@pytest.mark.skipif(not os.environ.get("CC_TEST_DATABASE_URL"),
                    reason="a dropped connection needs a database server (the PostgreSQL stage)")
def test_pages_after_the_server_dropped_every_connection_answer_normally(live_server):
    customer = webtest.TestApp(live_server.app, extra_environ={"HTTP_HOST": "localhost",
                                                               "REMOTE_ADDR": "192.0.2.50"})
    do_login(customer, "demo@example.com")
    for path in ("/requests", "/faq", "/"):
        customer.get(path)
    retries = []
    live_server.app.registry.registerHandler(lambda event: retries.append(type(event.exception).__name__),
                                             (IBeforeRetry,))
    assert _terminate_backends(live_server) >= 1
    page = customer.get("/requests")
    assert page.html.select_one(".user-name") is not None    # still logged in, the list shown
    assert retries and set(retries) <= {"OperationalError", "InterfaceError"}
    for path in ("/faq", "/"):
        assert customer.get(path).status_int == 200
    # A post after the next drop: replayed once, one request filed.
    form = customer.get("/requests/new").forms["new-request"]
    form["category"].select(text="General question")
    form["title"] = "Filed across a dropped connection"
    form["message"] = "The server restarted between the form and the post."
    _terminate_backends(live_server)
    assert form.submit().status_int == 303
    listing = customer.get("/requests", params={"q": "dropped connection"})
    assert listing.text.count("Filed across a dropped connection") == 1


def _context(*, disconnect=True, unused=True, closed=False, with_connection=True):
    exception = sa.exc.OperationalError("SELECT 1", {}, Exception("server closed the connection"))
    connection = types.SimpleNamespace(closed=closed, info={db_reconnect.UNUSED: unused})
    return types.SimpleNamespace(is_disconnect=disconnect, connection=connection if with_connection else None,
                                 sqlalchemy_exception=exception)


def test_a_dropped_connection_before_any_statement_is_replayed():
    context = _context()
    assert db_reconnect.replayable(context)
    db_reconnect._failed(context)
    assert IRetryableError.providedBy(context.sqlalchemy_exception)


@pytest.mark.parametrize("case", [
    {"unused": False},            # a statement went through: writes may have landed
    {"disconnect": False},        # a wrong statement or a constraint, not a lost connection
    {"with_connection": False},   # no connection could be made: replaying waits for the same refusal
    {"closed": True},
])
def test_other_failures_are_not_replayed(case):
    context = _context(**case)
    assert not db_reconnect.replayable(context)
    db_reconnect._failed(context)
    assert not IRetryableError.providedBy(context.sqlalchemy_exception)
