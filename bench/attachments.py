"""``python -m bench.attachments``: attachment throughput and upload memory, per storage backend.

For the folder and the S3 backend (a SeaweedFS server started here, as
the tests start it): serve the portal with waitress in a process of its
own, log in as the demo customer, file a request with a 20 MB attachment
(streamed from a file, as a browser sends it) and download it again,
timing both; then upload a 100 MB file and read the server's peak
resident memory (``VmHWM``) before and after.  Prints a Markdown table.

The client and the server are also what ``bench/tests`` uses to check that
an upload leaves the server's memory flat.
"""
from __future__ import annotations

import argparse
import hashlib
import http.client
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from pathlib import Path

from .httpclient import parse_form
from .server import SECRET, free_port

MB = 1024 * 1024
CHUNK = MB
PASSWORD = "demo-password"
ATTACHMENT_LINK = re.compile(r'href="(/requests/\d+/attachments/\d+)"')


def portal_settings(work: Path, url: str, storage: dict) -> dict:
    """Settings for a portal taking files up to 200 MB, on ``url``, with ``storage``'s settings."""
    return {"sqlalchemy.url": url, "cc.secret": SECRET, "cc.session.secure": "false",
            "cc.files_dir": str(work / "files"), "mail.backend": "files", "mail.files_dir": str(work / "mail"),
            "mail.default_sender": "Customer Centre <support@example.com>", "mail.delivery": "inline",
            "cc.max_request_bytes": str(200 * MB), "cc.requests.max_attachment_bytes": str(200 * MB),
            **storage}


def prepare(settings: dict) -> None:
    """Migrate the database and load the demo data (the demo customer logs in)."""
    from cc_core.testing import prepare_database

    prepare_database(settings, settings["sqlalchemy.url"], ("requests",)).dispose()


class PortalProcess:
    """The portal (requests plugin) served by waitress in a child process."""

    def __init__(self, settings: dict, log: Path):
        self.port = free_port()
        env = {**os.environ, "CC_BENCH_SETTINGS": json.dumps(settings), "CC_BENCH_PORT": str(self.port)}
        with open(log, "ab") as out:
            self.process = subprocess.Popen([sys.executable, "-m", "bench.attachments", "serve"], env=env,
                                            stdout=out, stderr=subprocess.STDOUT,
                                            cwd=str(Path(__file__).resolve().parents[1]))
        deadline = time.monotonic() + 60
        while True:
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
            try:
                connection.request("GET", "/healthz")
                connection.getresponse().read()
                return
            except OSError:
                pass
            finally:
                connection.close()
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"the portal did not start; see {log}")
            time.sleep(0.2)

    def memory(self, field: str = "VmRSS") -> int:
        """The process's resident memory now (``VmRSS``) or at its peak so far (``VmHWM``), in bytes."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
        raise RuntimeError(f"no {field}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class Customer:
    """A logged-in browser without a browser: cookies, forms, streamed uploads."""

    def __init__(self, port: int, email: str = "demo@example.com"):
        self.port = port
        self.cookies: dict[str, str] = {}
        page = self.get("/login")
        form = parse_form(page.decode(), "login")
        fields = [(f.name, f.value) for f in form.fields if f.kind == "hidden"]
        fields += [("email", email), ("password", PASSWORD)]
        status, _headers, _body = self.request("POST", "/login", urllib.parse.urlencode(fields).encode(),
                                               {"Content-Type": "application/x-www-form-urlencoded"})
        if status != 303:
            raise RuntimeError(f"login as {email} answered {status}")

    def request(self, method: str, path: str, body=None, headers=None, sink=None):
        """(status, headers, body); with ``sink`` the body is passed to it in chunks instead."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)
        headers = {**(headers or {}), "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.split(";", 1)[0].partition("=")
                self.cookies[key.strip()] = rest.strip()
        if sink is None:
            content = response.read()
        else:
            content = b""
            while chunk := response.read(CHUNK):
                sink(chunk)
        connection.close()
        return response.status, dict(response.getheaders()), content

    def get(self, path: str) -> bytes:
        status, _headers, body = self.request("GET", path)
        if status != 200:
            raise RuntimeError(f"GET {path} answered {status}")
        return body

    def file_request(self, path: Path, name: str) -> tuple[str, str]:
        """File a request with ``path`` attached (streamed); its page's path and the attachment's link."""
        form = parse_form(self.get("/requests/new").decode(), "new-request")
        fields = []
        for field in form.fields:
            if field.kind == "hidden":
                fields.append((field.name, field.value))
            elif field.kind == "select":
                fields.append((field.name, field.value or next(o for o in field.options if o)))
        fields += [("title", "A large attachment"), ("message", "The measurements are attached.")]
        boundary = uuid.uuid4().hex
        parts = [b"".join(f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'
                          .encode() for key, value in fields),
                 f'--{boundary}\r\nContent-Disposition: form-data; name="attachment"; filename="{name}"\r\n'
                 f"Content-Type: application/octet-stream\r\n\r\n".encode()]
        tail = f"\r\n--{boundary}--\r\n".encode()
        length = sum(map(len, parts)) + path.stat().st_size + len(tail)

        def body():
            yield from parts
            with open(path, "rb") as fh:
                while chunk := fh.read(CHUNK):
                    yield chunk
            yield tail

        status, headers, page = self.request(
            "POST", "/requests/new", body(),
            {"Content-Type": f"multipart/form-data; boundary={boundary}", "Content-Length": str(length)})
        if status != 303:
            raise RuntimeError(f"the upload answered {status}: {page[:2000]!r}")
        location = urllib.parse.urlsplit(headers.get("Location") or headers["location"]).path
        link = ATTACHMENT_LINK.search(self.get(location).decode())
        return location, link.group(1)

    def download(self, link: str) -> tuple[str, int]:
        """The SHA-256 and size of the attachment at ``link``, streamed."""
        digest = hashlib.sha256()
        sizes = []
        status, _headers, _body = self.request("GET", link, sink=lambda chunk: (digest.update(chunk),
                                                                               sizes.append(len(chunk))))
        if status != 200:
            raise RuntimeError(f"GET {link} answered {status}")
        return digest.hexdigest(), sum(sizes)


def random_file(folder: Path, size: int) -> Path:
    path = folder / f"random-{size}.bin"
    with open(path, "wb") as fh:
        for offset in range(0, size, MB):
            fh.write(os.urandom(min(MB, size - offset)))
    return path


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def upload_memory_growth(portal: PortalProcess, customer: Customer, path: Path) -> int:
    """How far the server's resident memory rose (bytes) while ``path`` was uploaded, after a warm-up.

    The resident size is sampled every 10 ms during the upload; the
    kernel's own peak (``VmHWM``) counts too when it rose meanwhile, so a
    spike between two samples is not missed.
    """
    small = path.parent / "warm-up.txt"
    small.write_bytes(b"warm-up\n" * 1000)
    customer.file_request(small, "warm-up.txt")
    before, peak_before = portal.memory(), portal.memory("VmHWM")
    samples = [before]
    done = threading.Event()

    def sample():
        while not done.wait(0.01):
            samples.append(portal.memory())

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        _page, link = customer.file_request(path, "large.zip")
    finally:
        done.set()
        sampler.join()
    peak_after = portal.memory("VmHWM")
    highest = max(max(samples), peak_after if peak_after > peak_before else 0)
    digest, _size = customer.download(link)
    if digest != sha256_of(path):
        raise RuntimeError("the downloaded file differs from the uploaded one")
    return highest - before


def measure(backend: str, storage: dict, work: Path, files: dict[int, Path]) -> dict:
    work.mkdir(parents=True, exist_ok=True)
    settings = portal_settings(work, f"sqlite:///{work}/bench.sqlite", storage)
    prepare(settings)
    portal = PortalProcess(settings, work / "portal.log")
    try:
        customer = Customer(portal.port)
        growth = upload_memory_growth(portal, customer, files[100 * MB])
        twenty = files[20 * MB]
        started = time.perf_counter()
        _page, link = customer.file_request(twenty, "twenty.zip")
        upload = time.perf_counter() - started
        started = time.perf_counter()
        digest, size = customer.download(link)
        download = time.perf_counter() - started
        assert digest == sha256_of(twenty) and size == 20 * MB
    finally:
        portal.stop()
    return {"backend": backend, "upload_mb_s": 20 / upload, "download_mb_s": 20 / download,
            "upload_s": upload, "download_s": download, "peak_growth_mb": growth / MB}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", nargs="?", default="measure", choices=("measure", "serve"))
    args = parser.parse_args(argv)
    if args.mode == "serve":
        import waitress

        from cc_core.testing import standalone_app

        app = standalone_app(json.loads(os.environ["CC_BENCH_SETTINGS"]), ("requests",))
        waitress.serve(app, host="127.0.0.1", port=int(os.environ["CC_BENCH_PORT"]), threads=2, _quiet=True)
        return 0
    from cc_core.testing import SeaweedFS

    with tempfile.TemporaryDirectory(prefix="cc-bench-files-") as tmp:
        work = Path(tmp)
        files = {size: random_file(work, size) for size in (20 * MB, 100 * MB)}
        server = SeaweedFS(str(work / "seaweedfs"))
        server.start()
        try:
            rows = [measure("folder", {}, work / "folder", files),
                    measure("s3", server.settings(prefix="bench/"), work / "s3", files)]
        finally:
            server.stop()
    print("| backend | 20 MB upload | 20 MB download | peak memory growth, 100 MB upload |")
    print("|---|---|---|---|")
    for row in rows:
        print(f"| {row['backend']} | {row['upload_s']:.2f} s ({row['upload_mb_s']:.0f} MB/s) "
              f"| {row['download_s']:.2f} s ({row['download_mb_s']:.0f} MB/s) | {row['peak_growth_mb']:.1f} MB |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
