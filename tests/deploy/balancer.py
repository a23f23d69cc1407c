"""Debian's haproxy in front of the test's hosts, run on the repository's ``deploy/haproxy.cfg``.

The file is used as it is: the values that differ from production (the
addresses, the certificate, how often hosts are checked) are the
environment variables it reads, so what the tests prove is what the
documentation tells operators to install.  TLS included: the certificate
is made for the run and the clients trust it.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

CONFIG = Path(__file__).resolve().parents[2] / "deploy" / "haproxy.cfg"
HAPROXY = os.environ.get("CC_HAPROXY", "/usr/sbin/haproxy")


def haproxy_binary() -> str:
    """The haproxy binary; missing, it fails the test in CI and skips it elsewhere (``.ci/run`` installs it)."""
    found = HAPROXY if os.path.exists(HAPROXY) else shutil.which("haproxy")
    if found:
        return found
    message = "haproxy not found: install Debian's 'haproxy' package (.ci/run does)"
    if os.environ.get("CI") or os.environ.get("CC_REQUIRE_HAPROXY"):
        pytest.fail(message)
    pytest.skip(message)


def make_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1: (haproxy's PEM with the key, the clients' CA file)."""
    key, cert = folder / "lb-key.pem", folder / "lb-cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    bundle = folder / "lb.pem"
    bundle.write_bytes(cert.read_bytes() + key.read_bytes())
    return bundle, cert


class HAProxy:
    def __init__(self, folder: Path, port: int, servers: dict[str, int], workers: int, check_inter_ms: int = 300):
        self.folder, self.port = folder, port
        self.stats_socket = folder / "haproxy.sock"
        bundle, self.cafile = make_certificate(folder)
        self.env = {**os.environ, "CC_LB_BIND": f"127.0.0.1:{port}", "CC_LB_CERTIFICATE": str(bundle),
                    "CC_LB_STATS_SOCKET": str(self.stats_socket), "CC_LB_LOG": "stderr",
                    "CC_LB_CHECK_INTER": f"{check_inter_ms}ms", "CC_WEB_MAXCONN": str(workers),
                    **{f"CC_{name.upper()}": f"127.0.0.1:{server_port}" for name, server_port in servers.items()}}
        self.log_path = folder / "haproxy.log"
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 20) -> None:
        """Start haproxy in the foreground and wait until it sees every host up."""
        with open(self.log_path, "w") as log:
            self.process = subprocess.Popen([haproxy_binary(), "-db", "-f", str(CONFIG)], env=self.env,
                                            stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"haproxy exited: {self.log_path.read_text()}")
            try:
                if set(self.states().values()) == {"UP"}:
                    return
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"haproxy did not see every host up: {self.log_path.read_text()}")
            time.sleep(0.1)

    def command(self, line: str) -> str:
        """One command on haproxy's stats socket (the runtime API operators use)."""
        with socket.socket(socket.AF_UNIX) as sock:
            sock.settimeout(5)
            sock.connect(str(self.stats_socket))
            sock.sendall(line.encode() + b"\n")
            chunks = []
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        return b"".join(chunks).decode()

    def states(self) -> dict[str, str]:
        """Each host's state as haproxy sees it: ``UP``, ``DOWN``, ``UP 1/2`` (rising) ..."""
        lines = self.command("show stat").splitlines()
        header = lines[0].lstrip("# ").split(",")
        rows = [dict(zip(header, line.split(","))) for line in lines[1:] if line]
        return {row["svname"]: row["status"] for row in rows
                if row["pxname"] == "portal_hosts" and row["svname"] not in ("FRONTEND", "BACKEND")}

    def wait_for(self, host: str, state: str, timeout: float = 20) -> float:
        """Wait until haproxy reports ``host`` in ``state``; returns the seconds it took."""
        started = time.monotonic()
        while self.states().get(host) != state:
            if time.monotonic() - started > timeout:
                raise AssertionError(f"haproxy still sees {host} {self.states().get(host)}, not {state}")
            time.sleep(0.05)
        return time.monotonic() - started

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
