"""deploy/install.sh into a fresh virtualenv, then deploy/start.sh serving production.ini from it.

The same scripts the Dockerfile runs, run here on the machine: the
install from the production lock with hashes checked, the project's own
packages built (not editable) with their translations and static files,
``cc upgrade`` on start, gunicorn answering ``/healthz``.  Dependencies
come from a folder of the lock's files kept under ``var/`` (downloaded
once per version of the lock, hashes checked), so the install runs
offline and takes well under a minute.
"""
import hashlib
import os
import re
import shutil
import sys
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from cc_core.testing.database import TestDatabase as ScratchDatabase
from cc_core.testing.ports import free_port

ROOT = Path(__file__).resolve().parents[2]
SECRET = "install-script-secret-0123456789abcdef0123"


def wheelhouse() -> Path:
    """The production lock's files, downloaded once per version of the lock."""
    lock = ROOT / "requirements-production.lock"
    folder = ROOT / "var" / f"wheelhouse-{hashlib.sha256(lock.read_bytes()).hexdigest()[:12]}"
    if not (folder / ".complete").exists():
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
                        "--require-hashes", "--no-deps", "-r", str(lock), "-d", str(folder)], check=True,
                       timeout=900)
        (folder / ".complete").touch()
    return folder


#: What a copy of the checkout leaves out: environments, data and build output.
NOT_SOURCE = shutil.ignore_patterns(".git", ".venv", "var", "node_modules", "build", "dist", "*.egg-info",
                                    "__pycache__", "*.mo", "screenshots")


def source_copy(folder: Path) -> Path:
    """This checkout's sources copied into ``folder``.

    ``pip install DIR`` builds in the source folder (its ``build`` and
    ``*.egg-info``) and the script compiles the translations there; two
    test runs of one checkout at the same time (the SQLite and PostgreSQL
    stages) would build over each other.  Each installs from its own copy.
    """
    copy = folder / "source"
    shutil.copytree(ROOT, copy, ignore=NOT_SOURCE, symlinks=True)
    return copy


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    root = tmp_path_factory.mktemp("installed")
    venv = root / "venv"
    source = source_copy(root)
    # Offline from the folder; no byte-compiling (a test run starts each module once anyway).
    offline = {"PIP_NO_INDEX": "1", "PIP_FIND_LINKS": str(wheelhouse()), "PIP_DISABLE_PIP_VERSION_CHECK": "1",
               "PIP_NO_COMPILE": "1"}
    started = time.monotonic()
    result = subprocess.run([str(source / "deploy" / "install.sh"), str(venv)], capture_output=True, text=True,
                            timeout=600, env={**os.environ, **offline})
    assert result.returncode == 0, result.stdout + result.stderr
    print(f"deploy/install.sh took {time.monotonic() - started:.0f} s")
    return venv


def get(url: str):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, dict(response.headers), response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode("utf-8", "replace")


def wait_for(url: str, process, deadline: float):
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return None
        try:
            return get(url)
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    return None


def test_the_installed_portal_migrates_and_serves(installed, seaweedfs, tmp_path):
    # Installed, not linked to this checkout: the packages live in the virtualenv.
    location = subprocess.run([str(installed / "bin" / "python"), "-c", "import cc_core, cc_faq; "
                               "print(cc_core.__file__); print(cc_faq.__file__)"],
                              capture_output=True, text=True, check=True, cwd=tmp_path).stdout
    assert str(ROOT) not in location and "site-packages" in location
    freeze = subprocess.run([str(installed / "bin" / "python"), "-m", "pip", "freeze"], capture_output=True,
                            text=True, check=True).stdout
    installed_names = {re.split(r"==| @ ", line)[0].strip().lower() for line in freeze.splitlines() if line.strip()}
    assert "pytest" not in installed_names and "gunicorn==" in freeze  # production only, pinned
    database = ScratchDatabase(str(tmp_path), "installed")
    port = free_port()
    env = {**{key: value for key, value in os.environ.items() if not key.startswith("CC_")},
           "CC_VENV": str(installed), "CC_INI": str(ROOT / "production.ini"), "CC_UPGRADE": "true",
           "CC_GUNICORN_CONF": str(tmp_path / "no-gunicorn-settings.py"), "CC_BIND": f"127.0.0.1:{port}",
           "CC_DATABASE_URL": database.url, "CC_SECRET": SECRET,
           "CC_S3_ENDPOINT_URL": seaweedfs.endpoint_url, "CC_S3_BUCKET": seaweedfs.bucket,
           "CC_S3_REGION": "us-east-1", "CC_S3_ACCESS_KEY_ID": seaweedfs.settings()["cc.storage.s3.access_key_id"],
           "CC_S3_SECRET_ACCESS_KEY": seaweedfs.settings()["cc.storage.s3.secret_access_key"],
           "CC_SMTP_HOST": "127.0.0.1", "CC_SMTP_PORT": str(free_port()), "CC_SMTP_TLS": "false",
           "CC_MAIL_SENDER": "Support <support@example.com>"}
    log = open(tmp_path / "portal.log", "w+")
    process = subprocess.Popen([str(ROOT / "deploy" / "start.sh"), "web"], env=env, cwd=tmp_path, stdout=log,
                               stderr=subprocess.STDOUT, start_new_session=True)
    try:
        answer = wait_for(f"http://127.0.0.1:{port}/healthz", process, time.monotonic() + 90)
        log.seek(0)
        output = log.read()
        assert answer is not None, output
        status, _headers, body = answer
        assert status == 200 and '"database": "ok"' in body.replace('":"', '": "'), body
        assert "applied" in output and "migrations" in output  # CC_UPGRADE ran cc upgrade first
        status, _headers, page = get(f"http://127.0.0.1:{port}/login")
        assert status == 200
        stylesheet = re.search(r'<link rel="stylesheet" href="([^"]+)"', page).group(1)
        assert "?v=" in stylesheet
        status, headers, _css = get(f"http://127.0.0.1:{port}{stylesheet}")
        assert status == 200 and headers["Cache-Control"] == "public, max-age=31536000, immutable"
        # The translations were compiled into the installed packages.
        mo_files = subprocess.run([str(installed / "bin" / "python"), "-c", "import cc_core, glob, os; print(len("
                                   "glob.glob(os.path.join(os.path.dirname(cc_core.__file__), 'locale/*/LC_MESSAGES/*.mo'))))"],
                                  capture_output=True, text=True, check=True, cwd=tmp_path).stdout
        assert int(mo_files) >= 1
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()
        database.drop()


def test_start_refuses_production_ini_without_its_secret(installed, tmp_path):
    env = {**{key: value for key, value in os.environ.items() if not key.startswith("CC_")},
           "CC_VENV": str(installed), "CC_INI": str(ROOT / "production.ini"),
           "CC_DATABASE_URL": f"sqlite:///{tmp_path}/cc.sqlite"}
    result = subprocess.run([str(ROOT / "deploy" / "start.sh"), "upgrade"], env=env, cwd=tmp_path,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "cc.secret reads the environment variable CC_SECRET, which is not set" in result.stderr
