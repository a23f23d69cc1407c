"""No refused or failing request leaves a database transaction open.

A leaked transaction on SQLite holds the write lock, so every later write
waits out the busy timeout and fails; on PostgreSQL it is an ``idle in
transaction`` backend holding its locks and a pooled connection.  Each case
below is a request an attacker or a bug can send; after each one, a write
from another connection must succeed at once and nothing may be left open.

The portal runs on a database of its own with real commits (the
``live_server`` fixture); requests go through WebTest into the same
application, or over a real socket when WebTest cannot send them.
"""
import dataclasses
import http.client
import sqlite3
import time
from typing import Callable

import pytest
import sqlalchemy as sa
import webtest
from sqlalchemy.pool import NullPool

from cc_core.testing import do_login
from tests.plugins import faulty

pytestmark = pytest.mark.cc_plugins("requests", extra=[("faulty", faulty)])

LARGE_BODY = 26 * 1024 * 1024          # over the 25 MB cap
CHUNKED_BODY = 30 * 1000 * 1000
REQUEST_PATH = "/requests/1"           # a request of demo@example.com
WRITE_DEADLINE = 2.0                   # seconds; SQLite's busy timeout is 30


@dataclasses.dataclass
class Client:
    """The ways a case can reach the portal."""

    web: webtest.TestApp          # logged in as demo@example.com
    anonymous: webtest.TestApp
    server: object                # the live server


@dataclasses.dataclass(frozen=True)
class Case:
    name: str
    send: Callable[[Client], int]   # returns the status the portal answered
    status: int

    def __str__(self):
        return self.name


def urlencoded_post(path: str, size: int) -> Callable[[Client], int]:
    def send(client):
        body = b"message=" + b"a" * (size - len("message="))
        return client.web.post(path, body, content_type="application/x-www-form-urlencoded",
                               expect_errors=True).status_int
    return send


def chunked_post(path: str, size: int) -> Callable[[Client], int]:
    """A body sent chunked, without Content-Length (WebTest cannot send that)."""
    def send(client):
        cookie = "; ".join(f"{name}={value}" for name, value in client.web.cookies.items())
        connection = http.client.HTTPConnection("127.0.0.1", client.server.port, timeout=60)
        chunk = b"a" * (1024 * 1024)

        def body():
            yield b"message="
            for _ in range(size // len(chunk)):
                yield chunk

        try:
            connection.request("POST", path, body=body(), encode_chunked=True, headers={
                "Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie,
                "Transfer-Encoding": "chunked"})
            response = connection.getresponse()
            response.read()
            return response.status
        finally:
            connection.close()
    return send


def get(path: str, anonymous: bool = False) -> Callable[[Client], int]:
    def send(client):
        app = client.anonymous if anonymous else client.web
        return app.get(path, expect_errors=True).status_int
    return send


def reply_with(change: Callable) -> Callable[[Client], int]:
    """Send the reply form of ``REQUEST_PATH`` after ``change(form)`` spoils it."""
    def send(client):
        form = client.web.get(REQUEST_PATH).forms["reply"]
        form["message"] = "A reply that must not be saved."
        change(form)
        return form.submit(expect_errors=True).status_int
    return send


def bad_csrf(form):
    form["csrf_token"] = "forged"


def bad_state(form):
    form["_state"] = form["_state"].value[:-4] + "AAAA"


def login_throttled(client):
    """Fail to log in until the throttle answers 429."""
    for _ in range(10):
        form = client.anonymous.get("/login").forms["login"]
        form["email"] = "other@example.net"
        form["password"] = "wrong password"
        status = form.submit(expect_errors=True).status_int
        if status == 429:
            break
    return status


CASES = [
    Case("413 for a 26 MiB urlencoded reply", urlencoded_post(f"{REQUEST_PATH}/reply", LARGE_BODY), 413),
    Case("413 for a 30 MB chunked reply", chunked_post(f"{REQUEST_PATH}/reply", CHUNKED_BODY), 413),
    Case("400 for a forged CSRF token", reply_with(bad_csrf), 400),
    Case("400 for a tampered signed form state", reply_with(bad_state), 400),
    Case("404 for a page that does not exist", get("/nowhere"), 404),
    Case("404 for a visitor", get("/nowhere", anonymous=True), 404),
    Case("403 raised by a view", get("/faulty/forbidden"), 403),
    Case("429 raised by a view", get("/faulty/busy"), 429),
    Case("429 from the login throttle", login_throttled, 429),
    Case("500 for an exception in a view", get("/faulty/boom"), 500),
    Case("500 for a commit that fails after the view", get("/faulty/commit"), 500),
    Case("200 although a plugin's collector hooks raise", get("/?faulty=hooks"), 200),
]


@pytest.fixture(scope="module")
def client(live_server):
    app = live_server.app
    environ = {"HTTP_HOST": "localhost", "REMOTE_ADDR": "192.0.2.30"}
    web = webtest.TestApp(app, extra_environ=environ)
    do_login(web, "demo@example.com")
    anonymous = webtest.TestApp(app, extra_environ={**environ, "REMOTE_ADDR": "192.0.2.31"})
    return Client(web=web, anonymous=anonymous, server=live_server)


@pytest.fixture(scope="module")
def engine(live_server):
    return live_server.app.registry["cc.db.engine"]


def write_at_once(url: str) -> float:
    """Change a row from a connection of our own, failing fast if a lock is held; returns seconds."""
    started = time.monotonic()
    statement = "UPDATE cc_person SET name = name WHERE email = 'demo@example.com'"
    if url.startswith("sqlite"):
        connection = sqlite3.connect(sa.engine.make_url(url).database, timeout=WRITE_DEADLINE,
                                     isolation_level=None)
        try:
            connection.execute("BEGIN IMMEDIATE")
            connection.execute(statement)
            connection.execute("COMMIT")
        finally:
            connection.close()
    else:
        engine = sa.create_engine(url, poolclass=NullPool)
        try:
            with engine.begin() as connection:
                connection.exec_driver_sql(f"SET LOCAL lock_timeout = '{int(WRITE_DEADLINE * 1000)}ms'")
                connection.exec_driver_sql(statement)
        finally:
            engine.dispose()
    return time.monotonic() - started


def idle_in_transaction(url: str) -> list:
    """PostgreSQL backends of the portal's database sitting in an open transaction."""
    engine = sa.create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            return connection.exec_driver_sql(
                "SELECT pid, state, query FROM pg_stat_activity WHERE datname = current_database() "
                "AND state LIKE 'idle in transaction%%' AND pid <> pg_backend_pid()").all()
    finally:
        engine.dispose()


def assert_nothing_left_open(engine, url: str):
    assert engine.pool.checkedout() == 0, "a request kept a database connection"
    if url.startswith("postgresql"):
        assert idle_in_transaction(url) == []
    assert write_at_once(url) < WRITE_DEADLINE


@pytest.mark.parametrize("case", CASES, ids=str)
def test_no_request_leaves_a_transaction_open(case, client, engine, live_server):
    assert case.send(client) == case.status
    assert_nothing_left_open(engine, live_server.settings["sqlalchemy.url"])
    # And the portal itself writes at once: the person's language is saved.
    form = client.web.get("/").forms["language-form"]
    form["language"] = "en"
    started = time.monotonic()
    form.submit(status=303)
    assert time.monotonic() - started < WRITE_DEADLINE


def test_a_leaked_transaction_is_closed_and_logged(client, engine, live_server, caplog):
    """The guard itself: a session opened after pyramid_tm finished is rolled back."""
    app = live_server.app
    request_factory = app.request_factory

    def leak(request):
        request.dbsession.execute(sa.text("SELECT 1"))

    def factory(environ):
        request = request_factory(environ)
        request.add_response_callback(lambda request, response: leak(request))
        return request

    app.request_factory = factory
    try:
        client.anonymous.get("/healthz")
    finally:
        app.request_factory = request_factory
    assert "GET /healthz left a database transaction open" in caplog.text
    assert_nothing_left_open(engine, live_server.settings["sqlalchemy.url"])


def test_healthz_says_so_when_writes_cannot_take_the_lock(client, live_server):
    url = live_server.settings["sqlalchemy.url"]
    if not url.startswith("sqlite"):
        pytest.skip("SQLite's database-wide write lock")
    holder = sqlite3.connect(sa.engine.make_url(url).database, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        response = client.anonymous.get("/healthz", status=503)
        assert (response.json["status"], response.json["database"]) == ("error", "locked")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    health = client.anonymous.get("/healthz").json
    assert (health["status"], health["database"]) == ("ok", "ok")
