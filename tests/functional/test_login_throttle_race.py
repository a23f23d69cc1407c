"""Parallel wrong guesses at two servers sharing one database: no more are checked than the limit.

Each server is the portal with its own engine and connection pool, served
by waitress over real HTTP, as two workers of a deployment would be.
Counting after checking let every guess that arrived together pass the
check; the throttle now counts each attempt on locked rows before its
password is checked.
"""
import http.cookiejar
import re
import socket
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest
import sqlalchemy as sa

from cc_core import make_app
from cc_core.plugins import build_plugin_manager
from cc_core.testing import LiveServer

GUESSES = 12
LIMIT = 5   # cc.login.max_failures_per_client


@pytest.fixture(scope="module")
def second_server(live_server):
    """Another worker: a second app on the live server's database."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    app = make_app(live_server.settings, plugin_manager=build_plugin_manager(live_server.settings, only=()))
    server = LiveServer(app, port)
    server.start()
    yield server
    server.stop()
    app.registry["cc.db.engine"].dispose()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def prepared_guess(base_url, email, password):
    """A browser that has loaded the login form: its opener and the filled-in post body."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
                                         NoRedirect)
    html = opener.open(base_url + "/login").read().decode()
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))
    body = urllib.parse.urlencode({**fields, "email": email, "password": password}).encode()
    return opener, body


def test_parallel_guesses_at_two_workers_are_checked_no_more_than_the_limit(live_server, second_server):
    servers = [live_server.url, second_server.url]
    guesses = [prepared_guess(servers[n % 2], "manager@example.com", f"guess-{n}") for n in range(GUESSES)]
    barrier = threading.Barrier(GUESSES)
    outcomes = []

    def send(n):
        opener, body = guesses[n]
        barrier.wait()
        try:
            response = opener.open(servers[n % 2] + "/login", data=body, timeout=120)
            outcomes.append((response.status, response.read().decode()))
        except urllib.error.HTTPError as error:
            outcomes.append((error.code, error.read().decode()))
        except OSError as error:   # shown in the assertion instead of lost with the thread
            outcomes.append((0, repr(error)))

    threads = [threading.Thread(target=send, args=(n,)) for n in range(GUESSES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    checked = [status for status, text in outcomes if status == 200 and "do not match" in text]
    refused = [status for status, _ in outcomes if status == 429]
    assert len(checked) == LIMIT and len(refused) == GUESSES - LIMIT, [(status, text[:3000]) for status, text in outcomes
                                                                       if status != 429]
    engine = sa.create_engine(live_server.settings["sqlalchemy.url"])
    with engine.connect() as conn:
        failures = conn.execute(sa.text("SELECT failures FROM cc_login_counter WHERE key = :key"),
                                {"key": "pair:manager@example.com|127.0.0.1"}).scalar()
    engine.dispose()
    assert failures == LIMIT
