"""``cc new-plugin``: the generated plugin installs, passes its tests and serves its page.

The plugin is pip-installed into a temporary folder (never into the
environment running these tests), and everything that uses it runs in a
subprocess with that folder on ``PYTHONPATH``, the way a partner's
freshly installed plugin runs in a portal.
"""
from __future__ import annotations

import configparser
import contextlib
import fnmatch
import http.cookiejar
import importlib.metadata
import json
import os
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from cc_core import scaffold
from tests.unit.test_plugin_imports import violations

ROOT = Path(__file__).resolve().parents[2]
NAME = "acme_invoices"


def cc(*args, cwd, env=None, check=True):
    return subprocess.run([sys.executable, "-m", "cc_core.cli", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, check=check, timeout=120)


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """``cc new-plugin acme_invoices --dir X`` run in a folder with no ini file."""
    folder = tmp_path_factory.mktemp("partner")
    result = cc("new-plugin", NAME, "--dir", str(folder), cwd=folder)
    assert f"plugin {NAME} written to" in result.stdout
    return folder / NAME


@pytest.fixture(scope="module")
def installed(generated, tmp_path_factory):
    """The plugin installed with pip into a folder of its own; yields the env to use it."""
    target = tmp_path_factory.mktemp("site")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
                    "--disable-pip-version-check", "--target", str(target), str(generated)],
                   check=True, capture_output=True, timeout=300)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(target), os.environ.get("PYTHONPATH", "")])}
    return env


def test_names_are_derived_from_the_plugin_name():
    names = scaffold.PluginNames.from_name("acme_invoices")
    assert (names.package, names.distribution, names.url_prefix, names.title) == (
        "cc_acme_invoices", "cc-acme-invoices", "/acme-invoices", "Acme Invoices")


@pytest.mark.parametrize("bad", ["", "Acme", "acme-invoices", "1acme", "acme__x", "acme_", "class", "a" * 41,
                                 "../evil", "acme invoices"])
def test_bad_names_are_refused(bad, tmp_path):
    with pytest.raises(scaffold.ScaffoldError):
        scaffold.create_plugin(bad, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_an_existing_folder_is_not_overwritten(tmp_path):
    (tmp_path / NAME).mkdir()
    (tmp_path / NAME / "keep.txt").write_text("mine")
    result = cc("new-plugin", NAME, "--dir", str(tmp_path), cwd=tmp_path, check=False)
    assert result.returncode != 0 and "exists already" in result.stderr
    assert [p.name for p in (tmp_path / NAME).iterdir()] == ["keep.txt"]


def test_an_unknown_placeholder_is_an_error():
    names = scaffold.PluginNames.from_name("x")
    assert scaffold.render("{{package}}/{{name}}", names) == "cc_x/x"
    with pytest.raises(KeyError):
        scaffold.render("{{packge}}", names)


def test_every_template_file_is_shipped_with_cc_core():
    """The package_data patterns of setup.cfg cover each template file."""
    parser = configparser.ConfigParser()
    parser.read(ROOT / "setup.cfg")
    patterns = [p.strip() for p in parser["options.package_data"]["cc_core"].split(",")]
    files = scaffold.template_files()
    assert len(files) >= 12
    for path in files:
        relative = path.relative_to(ROOT / "cc_core").as_posix()
        assert any(fnmatch.fnmatch(relative, pattern.replace("**/", "*")) for pattern in patterns), relative


def test_the_plugin_has_every_part(generated):
    package = generated / "cc_acme_invoices"
    expected = ["setup.cfg", "pyproject.toml", "README.md", ".gitignore", "tests/test_acme_invoices.py",
                "cc_acme_invoices/__init__.py", "cc_acme_invoices/plugin.py", "cc_acme_invoices/models.py",
                "cc_acme_invoices/views.py", "cc_acme_invoices/api_endpoints.py", "cc_acme_invoices/templates/index.pt",
                "cc_acme_invoices/migrations/versions/cc_acme_invoices_0001.py",
                "cc_acme_invoices/locale/cc_acme_invoices.pot",
                "cc_acme_invoices/locale/nb/LC_MESSAGES/cc_acme_invoices.po",
                "cc_acme_invoices/static/acme_invoices.css"]
    for relative in expected:
        assert (generated / relative).is_file(), relative
    for path in generated.rglob("*"):
        if path.is_file():
            assert "{{" not in path.read_text(encoding="utf-8"), path
        if path.suffix == ".py":
            source = path.read_text(encoding="utf-8")
            compile(source, str(path), "exec")
            # The generated code follows the rule shipped plugins follow.
            is_test = "tests" in path.relative_to(generated).parts
            assert violations(source, NAME, is_test, {"cc_acme_invoices": NAME}) == [], path
    setup = configparser.ConfigParser()
    setup.read(generated / "setup.cfg")
    assert setup["metadata"]["name"] == "cc-acme-invoices"
    assert setup["options.entry_points"]["cc.plugins"].strip() == "acme_invoices = cc_acme_invoices.plugin"
    assert (generated / "pyproject.toml").read_text() == (ROOT / "pyproject.toml").read_text()
    assert 'branch_labels = ("cc_acme_invoices",)' in (
        package / "migrations/versions/cc_acme_invoices_0001.py").read_text()


def test_the_generated_tests_pass(generated, installed):
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:randomly"], cwd=generated,
                            env=installed, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "8 passed" in result.stdout


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _other_plugins() -> str:
    """Every other installed plugin: the portal runs with the new one alone."""
    return " ".join(sorted({ep.name for ep in importlib.metadata.entry_points(group="cc.plugins")} - {NAME}))


class Browser:
    """Just enough of a browser: cookies, GET, and posting a form by id."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path: str):
        with self.opener.open(self.base + path, timeout=10) as response:
            return response.status, response.geturl(), response.read().decode()

    def submit(self, path: str, form_id: str, values: dict):
        _status, _url, html = self.get(path)
        form = BeautifulSoup(html, "html.parser").select_one(f"form#{form_id}")
        fields = {field["name"]: field.get("value", "") for field in form.select("input[name]")}
        fields.update(values)
        data = urllib.parse.urlencode(fields).encode()
        with self.opener.open(self.base + form["action"], data=data, timeout=10) as response:
            return response.status, response.geturl(), response.read().decode()


@pytest.fixture
def portal(tmp_path, installed):
    """A portal on its own SQLite database, migrated and served by pserve."""
    port = _free_port()
    ini = tmp_path / "portal.ini"
    ini.write_text(f"""[app:main]
use = egg:cc-core
sqlalchemy.url = sqlite:///{tmp_path}/portal.sqlite
cc.secret = scaffold-test-secret-0123456789abcdef0123456789
cc.plugins.disabled = {_other_plugins()}
mail.backend = files
mail.files_dir = {tmp_path}/mail

[server:main]
use = egg:waitress#main
listen = 127.0.0.1:{port}
""")
    out = cc("-c", str(ini), "initdb", "--demo", cwd=tmp_path, env=installed)
    assert "database ready" in out.stdout
    server = subprocess.Popen([sys.executable, "-m", "pyramid.scripts.pserve", str(ini)], cwd=tmp_path,
                              env=installed, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            with contextlib.suppress(OSError):
                with urllib.request.urlopen(base + "/healthz", timeout=2):
                    break
            if server.poll() is not None or time.monotonic() > deadline:
                raise AssertionError("pserve did not start:\n" + server.stdout.read().decode())
            time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)
        server.stdout.close()


def test_the_page_shows_in_a_running_portal(portal):
    browser = Browser(portal)
    status, url, _html = browser.get("/acme-invoices")
    assert "/login" in url  # not logged in yet
    status, url, html = browser.submit("/login", "login", {"email": "demo@example.com",
                                                          "password": "demo-password"})
    assert status == 200 and "/login" not in url
    status, url, html = browser.get("/acme-invoices")
    page = BeautifulSoup(html, "html.parser")
    assert status == 200
    assert page.select_one("h1").text == "Acme Invoices"
    assert "Welcome to Acme Invoices" in page.select_one(".acme_invoices-entries").text
    assert page.select_one('nav.main-nav a[aria-current="page"]')["href"] == "/acme-invoices"
    css = page.select_one('link[href*="acme_invoices.css"]')["href"]
    assert browser.get(css)[0] == 200
    # The generated endpoint, with the session of the page.
    status, _url, body = browser.get("/api/v1/acme-invoices/entries")
    assert status == 200 and [item["title"] for item in json.loads(body)["items"]] == ["Welcome to Acme Invoices"]
