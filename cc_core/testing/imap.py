"""Test harness: a real IMAP server, Debian's Dovecot, on loopback (a pytest plugin).

Inbound mail is tested against the server production uses rather than a
fake: this module writes a Dovecot configuration of its own in a temporary
folder (loopback ports, one passwd-file user, maildirs in the folder, logs
to a file, a self-signed certificate for IMAPS and STARTTLS) and runs
``dovecot -F -c that-file`` as a child process, stopped after the run.

``dovecot``       the session's server (:class:`Dovecot`): ``.host``,
                  ``.port`` (plain, STARTTLS offered), ``.ssl_port``
                  (IMAPS), ``.username``, ``.password``, ``.cafile``,
                  ``.append(raw, folder)`` (delivers a message unseen),
                  ``.folder_count(folder)``, ``.messages(folder)``,
                  ``.client()`` (an authenticated ``imaplib.IMAP4``) and
                  ``.settings(folder, tls)`` for the application
``imap_folder``   a fresh, empty folder of the test's own on ``dovecot``,
                  with the settings to fetch from it

Without ``/usr/sbin/dovecot`` the fixtures fail, never skip (``.ci/run``
installs ``dovecot-imapd``): a missing server must not pass for green.
"""
from __future__ import annotations

import imaplib
import os
import pwd
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import time
import uuid

import pytest

from .ports import free_port

DOVECOT = "/usr/sbin/dovecot"
START_TIMEOUT = 30
USERNAME = "support@example.com"
PASSWORD = "cc-test-imap-password"

_CONFIG = """\
base_dir = {base}/run
state_dir = {base}/state
log_path = {base}/dovecot.log
info_log_path = {base}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = yes
ssl_cert = <{base}/cert.pem
ssl_key = <{base}/key.pem
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = {user}
default_internal_group = {group}
default_login_user = {user}
first_valid_uid = 1
mail_location = maildir:{base}/mail/%u:LAYOUT=fs
mail_uid = {user}
mail_gid = {group}
namespace inbox {{
  inbox = yes
  separator = /
}}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {base}/passwd
}}
userdb {{
  driver = static
  args = uid={user} gid={group} home={base}/home/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {ssl_port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
service stats {{
  unix_listener stats-reader {{
    user = {user}
  }}
  unix_listener stats-writer {{
    user = {user}
  }}
}}
"""


def _run_as() -> tuple[str, str]:
    """The unprivileged user the mail processes run as: ours, or ``dovecot`` when we are root."""
    if os.geteuid() == 0:
        return "dovecot", "dovecot"
    entry = pwd.getpwuid(os.geteuid())
    import grp

    return entry.pw_name, grp.getgrgid(entry.pw_gid).gr_name


class Dovecot:
    """One ``dovecot -F`` with a configuration of its own, on loopback ports."""

    def __init__(self, base_dir: str):
        if not os.path.exists(DOVECOT):
            pytest.fail("Dovecot is not installed (/usr/sbin/dovecot): apt-get install dovecot-imapd")
        self.base = base_dir
        self.host = "127.0.0.1"
        self.port, self.ssl_port = free_port(), free_port()
        self.username, self.password = USERNAME, PASSWORD
        self.cafile = os.path.join(base_dir, "cert.pem")
        self.user, self.group = _run_as()
        self.process: subprocess.Popen | None = None
        self._write_files()

    def _write_files(self) -> None:
        for sub in ("run", "state", "mail", "home"):
            os.makedirs(os.path.join(self.base, sub), exist_ok=True)
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                        "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                        "-keyout", os.path.join(self.base, "key.pem"), "-out", self.cafile],
                       check=True, capture_output=True)
        with open(os.path.join(self.base, "passwd"), "w") as fp:
            fp.write(f"{self.username}:{{PLAIN}}{self.password}::::::\n")
        self.config = os.path.join(self.base, "dovecot.conf")
        with open(self.config, "w") as fp:
            fp.write(_CONFIG.format(base=self.base, user=self.user, group=self.group,
                                    port=self.port, ssl_port=self.ssl_port))
        if os.geteuid() == 0:
            shutil.chown(os.path.join(self.base, "mail"), self.user, self.group)
            shutil.chown(os.path.join(self.base, "home"), self.user, self.group)
            os.chmod(self.base, 0o755)

    def start(self) -> None:
        with open(os.path.join(self.base, "stdout.log"), "ab") as log:
            self.process = subprocess.Popen([DOVECOT, "-F", "-c", self.config], stdout=log,
                                            stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"dovecot stopped at start: {self.log_text()}")
            try:
                with socket.create_connection((self.host, self.port), timeout=1) as sock:
                    if sock.recv(100).startswith(b"* OK"):
                        return
            except OSError:
                time.sleep(0.1)
        self.stop()
        pytest.fail(f"dovecot did not answer within {START_TIMEOUT} s: {self.log_text()}")

    def log_text(self) -> str:
        parts = []
        for name in ("dovecot.log", "stdout.log"):
            path = os.path.join(self.base, name)
            if os.path.exists(path):
                with open(path, errors="replace") as fp:
                    parts.append(fp.read()[-3000:])
        return "\n".join(parts)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(5)
        self.process = None

    def client(self) -> imaplib.IMAP4:
        """An authenticated connection over STARTTLS (the certificate checked against ``cafile``)."""
        imap = imaplib.IMAP4(self.host, self.port, timeout=10)
        imap.starttls(ssl.create_default_context(cafile=self.cafile))
        imap.login(self.username, self.password)
        return imap

    def create_folder(self, name: str) -> None:
        imap = self.client()
        try:
            imap.create(name)
        finally:
            imap.logout()

    def append(self, raw: bytes, folder: str = "INBOX") -> None:
        """Deliver ``raw`` into ``folder`` over IMAP (APPEND), unseen."""
        imap = self.client()
        try:
            status, answer = imap.append(folder, None, None, raw)
            assert status == "OK", answer
        finally:
            imap.logout()

    def folder_count(self, folder: str, criteria: str = "ALL") -> int:
        imap = self.client()
        try:
            status, answer = imap.select(_quoted(folder), readonly=True)
            if status != "OK":
                return 0
            status, found = imap.search(None, criteria)
            return len(found[0].split())
        finally:
            imap.logout()

    def messages(self, folder: str) -> list[bytes]:
        imap = self.client()
        try:
            imap.select(_quoted(folder), readonly=True)
            _, found = imap.search(None, "ALL")
            out = []
            for number in found[0].split():
                _, data = imap.fetch(number, "(BODY.PEEK[])")
                out.append(data[0][1])
            return out
        finally:
            imap.logout()

    def settings(self, folder: str = "INBOX", tls: str = "starttls") -> dict:
        """Application settings that fetch from ``folder`` of this server."""
        return {"mail.inbound.imap.host": self.host,
                "mail.inbound.imap.port": str(self.ssl_port if tls == "ssl" else self.port),
                "mail.inbound.imap.tls": tls, "mail.inbound.imap.cafile": self.cafile,
                "mail.inbound.imap.username": self.username, "mail.inbound.imap.password": self.password,
                "mail.inbound.imap.folder": folder}


def _quoted(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _base_dir(tmp_path_factory) -> tuple[str, bool]:
    """The server's folder, and whether to remove it afterwards.

    Run as root, Dovecot's processes are the unprivileged ``dovecot`` user,
    who cannot enter pytest's private temporary folder: they get a folder
    of their own (mode 755) under the system's temporary folder.
    """
    if os.geteuid() != 0:
        return str(tmp_path_factory.mktemp("dovecot")), False
    base = tempfile.mkdtemp(prefix="cc-dovecot-")
    os.chmod(base, 0o755)
    return base, True


@pytest.fixture(scope="session")
def dovecot(tmp_path_factory):
    base, remove = _base_dir(tmp_path_factory)
    server = Dovecot(base)
    server.start()
    yield server
    server.stop()
    if remove:
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def imap_folder(dovecot):
    """The name of a new, empty folder of the test's own on ``dovecot``."""
    name = "t" + uuid.uuid4().hex[:12]
    dovecot.create_folder(name)
    return name
