"""Metrics and JSON logs of real processes: gunicorn with two workers and ``cc worker``, sharing one metrics folder.

The portal runs under gunicorn with the core's hooks
(:mod:`cc_core.metrics.gunicorn_hooks`) and ``PROMETHEUS_MULTIPROC_DIR``;
requests go to both workers at once, then ``/metrics`` must show their sum.
A ``cc worker`` process on the same folder sends mail to the harness's
SMTP server, and its sent and failed counts show in the same scrape.
"""
from __future__ import annotations

import concurrent.futures
import http.client
import json
import os
import subprocess
import sys
import tempfile
import time

import pytest

from cc_core.testing import free_port, metric_value, write_ini

GUNICORN_CONF = "from cc_core.metrics.gunicorn_hooks import child_exit, on_starting  # noqa: F401\n"


class Gunicorn:
    def __init__(self, ini: str, conf: str, metrics_dir: str):
        self.port = free_port()
        self.log = tempfile.NamedTemporaryFile(mode="w+", suffix=".log")
        env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": metrics_dir}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{self.port}",
             "-c", conf, "--paste", ini], stdout=self.log, stderr=self.log, env=env)
        deadline = time.monotonic() + 60
        while True:
            try:
                if self.get("/healthz")[0] == 200:
                    return
            except OSError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not start: {self.output()}")
            time.sleep(0.2)

    def get(self, path: str, headers: dict | None = None, source: str | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30,
                                                source_address=(source, 0) if source else None)
        try:
            connection.request("GET", path, headers=headers or {})
            response = connection.getresponse()
            return response.status, response.read().decode(), response.headers
        finally:
            connection.close()

    def metrics(self) -> str:
        status, text, _ = self.get("/metrics")
        assert status == 200, text
        return text

    def output(self) -> str:
        self.log.flush()
        with open(self.log.name, encoding="utf-8", errors="replace") as fh:
            return fh.read()

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()


@pytest.fixture(scope="module")
def metrics_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("prometheus")
    # What a previous run left behind must not be counted in this one.
    (folder / "counter_999999.db").write_bytes(b"stale")
    return str(folder)


@pytest.fixture(scope="module")
def portal(jobs_db, metrics_dir, tmp_path_factory):
    folder = tmp_path_factory.mktemp("gunicorn")
    ini = folder / "portal.ini"
    write_ini(ini, {**jobs_db.settings, "cc.metrics.allow": "127.0.0.1/32"}, level="INFO")
    ini.write_text(ini.read_text().replace("format = %(asctime)s %(levelname)-5.5s [%(name)s] %(message)s",
                                           "class = cc_core.logs.JsonFormatter"))
    conf = folder / "gunicorn.conf.py"
    conf.write_text(GUNICORN_CONF)
    server = Gunicorn(str(ini), str(conf), metrics_dir)
    yield server
    server.stop()


def test_counts_of_both_workers_are_summed(portal, metrics_dir):
    assert "counter_999999.db" not in os.listdir(metrics_dir)     # on_starting cleared the folder
    before = portal.metrics()
    paths = ["/"] * 40 + ["/nowhere"] * 6
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(lambda path: portal.get(path)[0], paths))
    assert statuses.count(200) == 40 and statuses.count(404) == 6
    after = portal.metrics()

    def delta(name, **labels):
        return metric_value(after, name, **labels) - metric_value(before, name, **labels)

    assert delta("cc_http_requests_total", route="home", status="200") == 40
    assert delta("cc_http_requests_total", route="unmatched", status="404") == 6
    assert delta("cc_http_request_duration_seconds_count", route="home") == 40
    assert delta("cc_http_request_duration_seconds_bucket", route="home", le="+Inf") == 40
    assert delta("cc_http_request_db_seconds_count", route="home") == 40
    assert delta("cc_http_request_db_statements_count", route="unmatched") == 6
    # Both workers served some of them: each wrote its own counter file.
    pids = {name.rsplit("_", 1)[1] for name in os.listdir(metrics_dir) if name.startswith("counter_")}
    assert len(pids) >= 2, pids
    assert metric_value(after, "cc_jobs_up") == 1


def test_another_peer_gets_the_404_page(portal):
    status, text, headers = portal.get("/metrics", source="127.0.0.2")
    assert status == 404 and "cc_http_requests_total" not in text
    assert portal.get("/metrics", source="127.0.0.2", headers={"X-Forwarded-For": "127.0.0.1"})[0] == 404
    assert headers["X-Request-ID"]


def test_json_log_lines_carry_the_request_id(portal):
    status, _, headers = portal.get("/nowhere", headers={"X-Request-ID": "gunicorn-probe-42"})
    assert status == 404 and headers["X-Request-ID"] == "gunicorn-probe-42"
    deadline = time.monotonic() + 10
    while True:
        lines = [json.loads(line) for line in portal.output().splitlines() if line.startswith("{")]
        access = [line for line in lines if line.get("request_id") == "gunicorn-probe-42"]
        if access or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert access, portal.output()[-2000:]
    line = access[-1]
    assert (line["logger"], line["method"], line["status"]) == ("cc_core.access", "GET", 404)
    assert line["level"] == "INFO" and "duration_ms" in line and "statements" in line


def _run_worker(jobs, metrics_dir) -> None:
    process = subprocess.run([sys.executable, "-m", "cc_core.cli", "-c", jobs.ini, "worker", "--once"],
                             capture_output=True, text=True, timeout=120,
                             env={**os.environ, "PROMETHEUS_MULTIPROC_DIR": metrics_dir})
    assert process.returncode == 0, process.stderr


def test_mail_a_worker_sends_or_fails_shows_in_the_portals_metrics(portal, jobs, smtp, metrics_dir):
    before = portal.metrics()
    jobs.enqueue_mails(3)
    _run_worker(jobs, metrics_dir)
    assert smtp.count() == 3
    smtp.refuse = "550 5.1.1 No such mailbox here"
    jobs.enqueue_mails(2)
    _run_worker(jobs, metrics_dir)
    smtp.refuse = None
    smtp.down()
    jobs.enqueue_mails(1)
    _run_worker(jobs, metrics_dir)
    after = portal.metrics()

    def delta(name, **labels):
        return metric_value(after, name, **labels) - metric_value(before, name, **labels)

    assert delta("cc_mail_sent_total") == 3
    assert delta("cc_mail_failed_total", permanent="true") == 2
    assert delta("cc_mail_failed_total", permanent="false") == 1
    # The unsent mail waits for a retry: the queue gauges see it.
    assert metric_value(after, "cc_jobs_failed", kind="cc.mail") == 2
