"""Fixtures of the deployment tests: two portal hosts behind haproxy, as in production.

Everything is a real process: two gunicorn masters started from the
repository's ``gunicorn.conf.py``, each with two workers and a folder of its
own; Debian's haproxy on ``deploy/haproxy.cfg``; one ``cc worker``; the
harness's PostgreSQL database, SeaweedFS bucket and SMTP server, shared by
all of them.  PostgreSQL only: several hosts on one SQLite file is not a
supported set-up, so in the SQLite stage these tests are skipped and the
PostgreSQL stage (``CC_TEST_DATABASE_URL``) runs them.
"""
from __future__ import annotations

import importlib.metadata
import json
import os
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa

from cc_core.testing import TestDatabase, free_port, prepare_database, write_ini

from .balancer import HAProxy, haproxy_binary
from .portal_hosts import JobWorker, PortalHost

HOST_NAMES = ("web1", "web2")
#: Workers per host: more than one, to show the drain reaches each of them.
WORKERS = 2
#: The plugins of a customer's journey; every other installed one (the
#: suite's deliberately broken test plugins among them) stays out.
PLUGINS = ("faq", "preferences", "requests")
DISABLED = " ".join(sorted(ep.name for ep in importlib.metadata.entry_points(group="cc.plugins")
                           if ep.name not in PLUGINS))


def pytest_configure(config):
    config.addinivalue_line("markers", "two_hosts: the portal on two gunicorn hosts behind haproxy (PostgreSQL)")


@dataclass
class Cluster:
    hosts: dict[str, PortalHost]
    balancer: HAProxy
    worker: JobWorker
    engine: sa.Engine
    settings: dict
    folder: Path


@pytest.fixture(scope="module")
def cluster(request, cc_base_settings, smtp_server, tmp_path_factory):
    if not os.environ.get("CC_TEST_DATABASE_URL"):
        pytest.skip("two hosts share a PostgreSQL database (one SQLite file is not a supported set-up for them): "
                    "the PostgreSQL stage runs this, with CC_TEST_DATABASE_URL")
    haproxy_binary()
    seaweedfs = request.getfixturevalue("seaweedfs")   # only once the test is sure to run
    folder = tmp_path_factory.mktemp("two-hosts")
    database = TestDatabase(str(folder), "twohosts")
    settings = {**cc_base_settings, **seaweedfs.settings(prefix=seaweedfs.new_prefix()),
                "sqlalchemy.url": database.url, "mail.delivery": "queue",
                "cc.session.secure": "true", "cc.proxy.trusted_hops": "1",
                "cc.jobs.poll_seconds": "0.2", "cc.plugins.disabled": DISABLED}
    engine = prepare_database(settings, database.url, PLUGINS)
    hosts, balancer, worker = {}, None, None
    try:
        for name in HOST_NAMES:
            host_folder = folder / name
            host_folder.mkdir()
            ini = write_ini(host_folder / "portal.ini", {**settings, "cc.files_dir": str(host_folder / "files")})
            hosts[name] = PortalHost(name, ini, host_folder, free_port(), workers=WORKERS)
        for host in hosts.values():
            host.launch()
        worker_folder = folder / "worker"
        worker_folder.mkdir()
        worker = JobWorker(write_ini(worker_folder / "worker.ini", settings), worker_folder)
        for host in hosts.values():
            host.wait_ready()
        balancer = HAProxy(folder, free_port(), {name: host.port for name, host in hosts.items()}, WORKERS)
        balancer.start()
        yield Cluster(hosts, balancer, worker, engine, settings, folder)
    finally:
        if balancer is not None:
            balancer.stop()
        if worker is not None:
            worker.stop()
        for host in hosts.values():
            host.stop_now()
        engine.dispose()
        database.drop()


@pytest.fixture(scope="module")
def figures(tmp_path_factory):
    """What the tests measured, printed at the end (``-s``) and written to ``two-hosts-figures.json``."""
    measured: dict[str, dict] = {}
    yield measured
    if measured:
        path = tmp_path_factory.mktemp("figures") / "two-hosts-figures.json"
        path.write_text(json.dumps(measured, indent=2), encoding="utf-8")
        print(f"\ntwo hosts behind haproxy, figures ({path}):\n{json.dumps(measured, indent=2)}")
