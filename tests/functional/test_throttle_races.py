"""Parallel posts at two servers sharing one database: no more get through a throttle than its limit.

Each server is the portal with its own engine and connection pool, served
by waitress over real HTTP, as two workers of a deployment would be.
Counting after checking let every attempt that arrived together pass the
check; the login throttle now counts each attempt on locked rows before
its password is checked, and the mail-flood throttle counts on locked
keys before it queues a mail.
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
MAIL_LIMIT = 5   # cc.account.max_mails_per_address


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


def prepared_post(base_url, path, **values):
    """A browser that has loaded the form at ``path``: its opener and the filled-in post body."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
                                         NoRedirect)
    html = opener.open(base_url + path).read().decode()
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))
    return opener, urllib.parse.urlencode({**fields, **values}).encode()


def send_together(posts, path) -> list[tuple[int, str]]:
    """Send every ``(server, opener, body)`` of ``posts`` to ``path`` at once; their statuses and pages."""
    barrier = threading.Barrier(len(posts))
    outcomes = []

    def send(server, opener, body):
        barrier.wait()
        try:
            response = opener.open(server + path, data=body, timeout=120)
            outcomes.append((response.status, response.read().decode()))
        except urllib.error.HTTPError as error:
            outcomes.append((error.code, error.read().decode()))
        except OSError as error:   # shown in the assertion instead of lost with the thread
            outcomes.append((0, repr(error)))

    threads = [threading.Thread(target=send, args=post) for post in posts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_parallel_guesses_at_two_workers_are_checked_no_more_than_the_limit(live_server, second_server):
    servers = [live_server.url, second_server.url]
    posts = [(servers[n % 2], *prepared_post(servers[n % 2], "/login", email="manager@example.com",
                                             password=f"guess-{n}")) for n in range(GUESSES)]
    outcomes = send_together(posts, "/login")

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


def test_parallel_mail_requests_at_two_workers_queue_no_more_than_the_limit(live_server, second_server):
    """Twelve "mail me a link" posts for one address at once: five are accepted, the rest refused."""
    servers = [live_server.url, second_server.url]
    email = "colleague@example.com"
    posts = [(servers[n % 2], *prepared_post(servers[n % 2], "/password/forgot", email=email))
             for n in range(GUESSES)]
    outcomes = send_together(posts, "/password/forgot")

    accepted = [status for status, _ in outcomes if status == 303]
    refused = [status for status, _ in outcomes if status == 429]
    assert len(accepted) == MAIL_LIMIT and len(refused) == GUESSES - MAIL_LIMIT, [
        (status, text[:2000]) for status, text in outcomes if status not in (303, 429)]
    engine = sa.create_engine(live_server.settings["sqlalchemy.url"])
    with engine.connect() as conn:
        counted = conn.execute(sa.text("SELECT count(*) FROM cc_login_failure WHERE key = :key"),
                               {"key": f"mail-to:{email}"}).scalar()
    engine.dispose()
    assert counted == MAIL_LIMIT
