"""gunicorn.conf.py on one host: SIGTERM drains first, then stops; ``cc drain`` takes it out by hand.

Runs on either database (one host needs nothing shared).
"""
from __future__ import annotations

import http.client
import importlib.metadata
import signal
import subprocess
import sys
import time

import pytest

from cc_core import testing
from cc_core.testing import free_port, prepare_database, write_ini

from .portal_hosts import PortalHost, readiness

DRAIN_SECONDS = 3.0


@pytest.fixture
def make_host(cc_base_settings, tmp_path):
    """``make_host(drain_seconds)``: a started host on a database of the test's own."""
    database = testing.TestDatabase(str(tmp_path), "drain")
    disabled = " ".join(ep.name for ep in importlib.metadata.entry_points(group="cc.plugins"))
    settings = {**cc_base_settings, "sqlalchemy.url": database.url, "cc.plugins.disabled": disabled}
    prepare_database(settings, database.url, names=()).dispose()
    hosts = []

    def make(drain_seconds: float = DRAIN_SECONDS) -> PortalHost:
        portal = PortalHost("web", write_ini(tmp_path / "portal.ini", settings), tmp_path / "web", free_port(),
                            drain_seconds=drain_seconds)
        hosts.append(portal)
        portal.start()
        return portal

    yield make
    for portal in hosts:
        portal.stop_now()
    database.drop()


@pytest.fixture
def host(make_host):
    return make_host()


def page_status(port: int, path: str = "/login") -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path)
        return connection.getresponse().status
    finally:
        connection.close()


def test_sigterm_reports_not_ready_serves_on_for_the_drain_then_stops(host):
    assert readiness(host.port) == 200
    sent = time.monotonic()
    host.terminate()
    while readiness(host.port) != 503:
        assert time.monotonic() - sent < 2, "/readyz did not turn 503 after SIGTERM"
        time.sleep(0.05)
    # Every worker sees the flag, and pages are still served meanwhile.
    assert [readiness(host.port) for _ in range(6)] == [503] * 6
    served_during_drain = 0
    while time.monotonic() - sent < DRAIN_SECONDS - 0.5:
        assert page_status(host.port) == 200
        served_during_drain += 1
        time.sleep(0.1)
    assert host.wait(timeout=30) == 0
    stopped_after = time.monotonic() - sent
    assert stopped_after >= DRAIN_SECONDS
    assert served_during_drain > 0
    assert not (host.runtime_dir / "draining").exists(), "the flag outlived the server"


def test_a_second_sigterm_during_the_drain_stops_at_once(make_host):
    host = make_host(drain_seconds=30)
    sent = time.monotonic()
    host.terminate()
    while readiness(host.port) != 503:
        time.sleep(0.05)
    host.process.send_signal(signal.SIGTERM)
    assert host.wait(timeout=30) == 0
    assert time.monotonic() - sent < 15, "the second SIGTERM waited for the drain"


def test_cc_drain_takes_a_running_host_out_and_back(host):
    def cc_drain(*args):
        return subprocess.run([sys.executable, "-m", "cc_core.cli", "drain", *args], env=host.env,
                              capture_output=True, text=True, timeout=60, check=True)

    cc_drain()
    assert readiness(host.port) == 503 and page_status(host.port) == 200
    cc_drain("--off")
    assert readiness(host.port) == 200
    # A flag left behind (a drained host restarted by hand) is lowered at start.
    cc_drain()
    host.terminate()
    host.process.send_signal(signal.SIGTERM)
    host.wait(timeout=30)
    cc_drain()
    host.start()
    assert readiness(host.port) == 200
