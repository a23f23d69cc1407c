"""Serve the portal and the floor with gunicorn, as production would.

Both run under the same settings (``WORKERS`` sync workers, the worker
class ``docs/deployment.md`` shows, access log off) on a loopback port, so
the only difference between them is the application.  The portal's ini is
generated into the run's work folder: its database, ``mail.backend =
files`` into that folder, templates not reloaded, debug switches off; the application is the
portal's plus the layout-only page (:mod:`bench.layout_page`).
"""
from __future__ import annotations

import contextlib
import http.client
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from cc_core.testing.ini_file import write_ini
from cc_core.testing.ports import free_port

ROOT = Path(__file__).resolve().parents[1]
WORKERS = 2
WORKER_CLASS = "sync"
#: The portal's application with the layout-only page of :mod:`bench.layout_page` added.
PORTAL_FACTORY = "call:bench.layout_page:main"
SECRET = "benchmark-secret-not-for-production-0123456789abcdef"

PORTAL_SETTINGS = {
    "pyramid.reload_templates": "false",
    "pyramid.debug_authorization": "false",
    "pyramid.debug_notfound": "false",
    "pyramid.debug_routematch": "false",
    "pyramid.default_locale_name": "en",
    "cc.secret": SECRET,
    "cc.site_name": "Customer Centre",
    "cc.languages": "en nb",
    "cc.default_timezone": "Europe/Oslo",
    "cc.session.secure": "false",
    "mail.backend": "files",
    "mail.default_sender": "Customer Centre <support@example.com>",
    "retry.attempts": "3",
}


def write_portal_ini(work: Path, url: str) -> Path:
    """The production-like ini for ``url``, written into ``work``."""
    work.mkdir(parents=True, exist_ok=True)
    return write_ini(work / "portal.ini", {**PORTAL_SETTINGS, "sqlalchemy.url": url, "cc.files_dir": f"{work}/files",
                                           "mail.files_dir": f"{work}/mail"}, use=PORTAL_FACTORY)


@dataclass
class Server:
    """A running gunicorn master and what is needed to measure and stop it."""

    name: str
    port: int
    process: subprocess.Popen
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def worker_pids(self) -> list[int]:
        """The master's children: its workers."""
        pids = []
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            # The command name may hold spaces: fields start after its ')'.
            if int(stat.rsplit(")", 1)[1].split()[1]) == self.process.pid:
                pids.append(int(entry))
        return sorted(pids)

    def worker_rss_mb(self) -> list[float]:
        """Resident memory (VmRSS) of each worker, in MB."""
        sizes = []
        for pid in self.worker_pids():
            with contextlib.suppress(OSError):
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        sizes.append(int(line.split()[1]) / 1024)
        return sizes

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def wait_ready(url: str, path: str, process: subprocess.Popen, log: Path, timeout: float = 90.0) -> float:
    """Wait until ``path`` answers 200; returns the seconds it took."""
    started = time.monotonic()
    host, port = url.removeprefix("http://").split(":")
    while time.monotonic() - started < timeout:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}; see {log}:\n{log.read_text()[-3000:]}")
        try:
            connection = http.client.HTTPConnection(host, int(port), timeout=10)
            connection.request("GET", path)
            status = connection.getresponse().status
            connection.close()
            if status == 200:
                return time.monotonic() - started
        except OSError:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"{url}{path} did not answer within {timeout:.0f} s; see {log}")


def _gunicorn(name: str, app_args: list[str], work: Path, ready_path: str) -> Server:
    port = free_port()
    log = work / f"{name}.log"
    command = [sys.executable, "-m", "gunicorn", *app_args, "--bind", f"127.0.0.1:{port}",
               "--workers", str(WORKERS), "--worker-class", WORKER_CLASS, "--chdir", str(ROOT),
               "--error-logfile", str(log), "--log-level", "warning", "--timeout", "120"]
    with open(log, "w") as out:
        # gunicorn reads the repository's gunicorn.conf.py from ROOT: no
        # balancer to drain from here, and no worker recycled mid-measurement.
        env = {**os.environ, "CC_DRAIN_SECONDS": "0", "CC_MAX_REQUESTS": "0"}
        process = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, env=env)
    server = Server(name, port, process, log)
    try:
        wait_ready(server.url, ready_path, process, log)
    except BaseException:
        server.stop()
        raise
    return server


@contextlib.contextmanager
def portal(work: Path, url: str):
    """Serve the portal on ``url``'s database for the duration of the block."""
    ini = write_portal_ini(work, url)
    server = _gunicorn("portal", ["--paste", str(ini)], work, "/healthz")
    try:
        yield server
    finally:
        server.stop()


@contextlib.contextmanager
def floor(work: Path, page_bytes: int):
    """Serve the floor application, its page ``page_bytes`` long."""
    work.mkdir(parents=True, exist_ok=True)
    server = _gunicorn("floor", [f"bench.floor_app:make_app(page_bytes={int(page_bytes)})"], work, "/")
    try:
        yield server
    finally:
        server.stop()
