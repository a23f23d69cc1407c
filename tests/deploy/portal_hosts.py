"""Portal hosts for the deployment tests: gunicorn masters on the repository's gunicorn.conf.py.

Each host is what one machine of a production set-up runs: a gunicorn
master with its workers, started from ``gunicorn.conf.py`` and an ini
file, with a folder of its own (temporary files, the runtime folder of the
drain flag).  The hosts of a test share the database, the object store and
the secret, as production hosts do.
"""
from __future__ import annotations

import http.client
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

GUNICORN_CONF = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"
START_TIMEOUT = 60


def readiness(port: int) -> int | None:
    """The status ``/readyz`` answers on ``port``, or ``None`` when nothing answers."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", "/readyz")
        return connection.getresponse().status
    except (OSError, http.client.HTTPException):
        return None
    finally:
        connection.close()


class PortalHost:
    """One host: a gunicorn master on a loopback port, in its own process group."""

    def __init__(self, name: str, ini: Path, folder: Path, port: int, workers: int = 2,
                 drain_seconds: float = 3.0):
        self.name, self.ini, self.port = name, ini, port
        self.folder = folder
        self.runtime_dir = folder / "run"
        self.tmp_dir = folder / "tmp"
        for path in (self.runtime_dir, self.tmp_dir):
            path.mkdir(parents=True, exist_ok=True)
        self.env = {**os.environ, "CC_BIND": f"127.0.0.1:{port}", "CC_WORKERS": str(workers),
                    "CC_DRAIN_SECONDS": str(drain_seconds), "CC_RUNTIME_DIR": str(self.runtime_dir),
                    "CC_FORWARDED_ALLOW_IPS": "127.0.0.1", "CC_LOG_LEVEL": "warning", "TMPDIR": str(self.tmp_dir)}
        self.process: subprocess.Popen | None = None
        self.starts = 0

    @property
    def log_path(self) -> Path:
        return self.folder / f"gunicorn-{self.starts}.log"

    def start(self) -> float:
        """Start the master and wait until ``/readyz`` answers 200; returns the seconds it took."""
        started = time.monotonic()
        self.launch()
        self.wait_ready()
        return time.monotonic() - started

    def launch(self) -> None:
        """Start the master (hosts start side by side: launch each, then wait for each)."""
        self.starts += 1
        self._launched = time.monotonic()
        with open(self.log_path, "w") as log:
            # A session of its own: a hard kill takes the master and its
            # workers at once, as a machine that dies would.
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "--config", str(GUNICORN_CONF), "--paste", str(self.ini)],
                cwd=self.folder, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)

    def wait_ready(self) -> None:
        while readiness(self.port) != 200:
            if self.process.poll() is not None or time.monotonic() - self._launched > START_TIMEOUT:
                self.stop_now()
                raise RuntimeError(f"{self.name} did not start: {self.log_text()[-3000:]}")
            time.sleep(0.1)

    def terminate(self) -> None:
        """SIGTERM to the master: what systemd sends on a stop or restart."""
        self.process.send_signal(signal.SIGTERM)

    def wait(self, timeout: float = 60) -> int:
        return self.process.wait(timeout=timeout)

    def kill(self) -> None:
        """SIGKILL to the master and every worker: nothing gets to run, as when a machine dies."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop_now(self) -> None:
        if self.process is not None and self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.process.wait(timeout=10)

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


class JobWorker:
    """The one ``cc worker`` the hosts share (it could run on any of them)."""

    def __init__(self, ini: Path, folder: Path):
        self.log_path = folder / "worker.log"
        with open(self.log_path, "w") as log:
            self.process = subprocess.Popen([sys.executable, "-m", "cc_core.cli", "-c", str(ini), "worker"],
                                            cwd=folder, stdout=log, stderr=subprocess.STDOUT)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
