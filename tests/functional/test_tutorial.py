"""docs/writing-a-plugin.md, run from top to bottom in an empty folder.

The tutorial is a sequence of steps, read from the Markdown:

* a fenced block right after a line ``File `path`:`` writes that file;
* a ``console`` block runs each ``$ command`` with the environment's
  ``bin`` folder first on ``PATH`` (``pserve`` is started in the
  background and stopped at the next server start or at the end);
* an ``<!-- expect: EMAIL GET /path shows "text" -->`` comment logs in to
  the running portal as EMAIL and checks the page;
* any other ``python`` block must compile, any other ``ini`` block parse.

Three things differ from a reader's machine, each to keep this test from
touching the environment it runs in: ``pip install`` installs into a
temporary ``--target`` folder on ``PYTHONPATH`` (reinstalled whenever the
plugin's files change, which is what an editable install gives you), the
portal listens on a free port instead of 6543, and the portal disables
the other plugins installed in this environment.
"""
from __future__ import annotations

import configparser
import contextlib
import dataclasses
import hashlib
import http.cookiejar
import importlib.metadata
import os
import re
import shlex
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "writing-a-plugin.md"
BIN = Path(sys.executable).parent
PLUGIN = "acme_invoices"
DOC_PORT = "localhost:6543"


@dataclasses.dataclass
class Step:
    kind: str            # file, console, expect, python, ini
    text: str            # the block's content, or the text an expect looks for
    path: str = ""       # the file written, or the page an expect fetches
    line: int = 0        # where the step starts in the Markdown
    user: str = ""       # who an expect logs in as


_FENCE = re.compile(r"^```(\w*)\s*$")
_FILE = re.compile(r"^File `([^`]+)`:\s*$")
_EXPECT = re.compile(r'^<!-- expect: (\S+) GET (\S+) shows "(.+)" -->\s*$')


def parse(text: str) -> list[Step]:
    steps, lines = [], text.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        expect = _EXPECT.match(line)
        fence = _FENCE.match(line)
        if expect:
            steps.append(Step("expect", expect.group(3), path=expect.group(2), line=index + 1,
                              user=expect.group(1)))
        elif fence:
            language, start = fence.group(1), index
            index += 1
            body = []
            while not _FENCE.match(lines[index]) or lines[index].strip() != "```":
                body.append(lines[index])
                index += 1
            previous = next((lines[i] for i in range(start - 1, -1, -1) if lines[i].strip()), "")
            header = _FILE.match(previous)
            content = "\n".join(body) + "\n"
            if header:
                steps.append(Step("file", content, path=header.group(1), line=start + 1))
            else:
                steps.append(Step(language or "text", content, line=start + 1))
        index += 1
    return steps


STEPS = parse(DOC.read_text(encoding="utf-8"))


def test_the_tutorial_covers_every_part_of_a_plugin():
    headings = [h.lower() for h in re.findall(r"^## (.+)$", DOC.read_text(encoding="utf-8"), flags=re.M)]
    for part in ("scaffold", "model", "migration", "view", "form", "template", "translation", "test",
                 "theme", "packaging", "installing"):
        assert any(part in heading for heading in headings), part
    kinds = {step.kind for step in STEPS}
    assert {"file", "console", "expect"} <= kinds


def test_every_block_is_of_a_kind_this_test_runs():
    for step in STEPS:
        assert step.kind in ("file", "console", "expect", "python", "ini"), (step.line, step.kind)


@pytest.mark.parametrize("step", [s for s in STEPS if s.kind in ("python", "ini") or s.path.endswith((".py", ".ini"))],
                         ids=lambda s: f"line{s.line}")
def test_snippets_are_valid(step):
    if step.kind == "ini" or step.path.endswith(".ini"):
        text = step.text if step.text.lstrip().startswith("[") else "[snippet]\n" + step.text
        configparser.ConfigParser(interpolation=None).read_string(text)
    else:
        compile(step.text, f"{DOC.name}:{step.line}", "exec")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Reader:
    """Follows the tutorial in ``workdir``; see the module docstring."""

    def __init__(self, workdir: Path, target: Path):
        self.workdir = workdir
        self.target = target
        self.port = _free_port()
        self.server = None
        self.installed_from: list[str] = []
        self.installed_state = None
        self.env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
                    "PYTHONPATH": os.pathsep.join([str(target), os.environ.get("PYTHONPATH", "")])}
        others = {ep.name for ep in importlib.metadata.entry_points(group="cc.plugins")} - {PLUGIN}
        self.disabled = " ".join(sorted(others))
        self.log: list[str] = []

    # -- files ------------------------------------------------------------
    def write(self, relative: str, content: str) -> None:
        path = self.workdir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        content = content.replace(DOC_PORT, f"127.0.0.1:{self.port}")
        if path.suffix == ".ini" and "[app:main]\n" in content:
            content = content.replace("[app:main]\n", f"[app:main]\ncc.plugins.disabled = {self.disabled}\n", 1)
        path.write_text(content, encoding="utf-8")

    # -- commands ---------------------------------------------------------
    def run(self, command: str) -> None:
        args = shlex.split(command)
        if args[0] == "pip" and args[1] == "install":
            self.install([a for a in args[2:] if a not in ("-e", "--config-settings")
                          and not a.startswith("editable_mode")])
            return
        self.reinstall_if_changed()
        if args[0] == "pip":
            args = [sys.executable, "-m", "pip", args[1], "--no-build-isolation",
                    "--disable-pip-version-check", *args[2:]]
        if args[0] == "pserve":
            self.start_server(args[1:])
            return
        self.stop_server()
        result = subprocess.run(args, cwd=self.workdir, env=self.env, capture_output=True, text=True,
                                timeout=600)
        self.log.append(f"$ {command}\n{result.stdout}{result.stderr}")
        assert result.returncode == 0, f"$ {command} failed:\n{result.stdout}\n{result.stderr}"

    def install(self, sources: list[str]) -> None:
        self.installed_from = sources
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
                        "--disable-pip-version-check", "--upgrade", "--target", str(self.target), *sources],
                       cwd=self.workdir, check=True, capture_output=True, timeout=600)
        self.installed_state = self.plugin_state()

    def plugin_state(self) -> str:
        digest = hashlib.sha256()
        for path in sorted((self.workdir / PLUGIN).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and ".egg-info" not in str(path):
                digest.update(str(path).encode())
                digest.update(path.read_bytes())
        return digest.hexdigest()

    def reinstall_if_changed(self) -> None:
        """What an editable install does for free: the portal sees the edited files."""
        editable = any(Path(self.workdir, s).resolve() == (self.workdir / PLUGIN).resolve()
                       for s in self.installed_from)
        if editable and self.plugin_state() != self.installed_state:
            self.install(self.installed_from)

    def start_server(self, args: list[str]) -> None:
        self.stop_server()
        self.server = subprocess.Popen([str(BIN / "pserve"), *args], cwd=self.workdir, env=self.env,
                                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while True:
            with contextlib.suppress(OSError):
                with urllib.request.urlopen(f"{self.base}/healthz", timeout=2):
                    return
            if self.server.poll() is not None or time.monotonic() > deadline:
                output = self.server.stdout.read().decode() if self.server.poll() is not None else ""
                raise AssertionError(f"pserve did not start:\n{output}")
            time.sleep(0.2)

    def stop_server(self) -> None:
        if self.server is not None:
            self.server.terminate()
            self.server.wait(timeout=10)
            self.server.stdout.close()
            self.server = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # -- what the reader sees -------------------------------------------------
    def page_as(self, email: str, path: str) -> str:
        assert self.server is not None, "no portal is running for this check"
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        with opener.open(f"{self.base}/login", timeout=10) as response:
            form = BeautifulSoup(response.read().decode(), "html.parser").select_one("form#login")
        fields = {field["name"]: field.get("value", "") for field in form.select("input[name]")}
        fields.update({"email": email, "password": "demo-password"})
        with opener.open(f"{self.base}/login", data=urllib.parse.urlencode(fields).encode(), timeout=10) as response:
            assert "/login" not in response.geturl(), f"could not log in as {email}"
        with opener.open(self.base + path, timeout=10) as response:
            assert response.status == 200
            return response.read().decode()


@pytest.fixture
def reader(tmp_path):
    workdir = tmp_path / "work"
    workdir.mkdir()
    target = tmp_path / "site"
    target.mkdir()
    follower = Reader(workdir, target)
    yield follower
    follower.stop_server()


def test_following_the_tutorial_gives_a_working_published_plugin(reader):
    timings = []
    for step in STEPS:
        started = time.monotonic()
        if step.kind == "file":
            reader.write(step.path, step.text)
        elif step.kind == "console":
            for line in step.text.splitlines():
                if line.startswith("$ "):
                    reader.run(line[2:])
        elif step.kind == "expect":
            text = BeautifulSoup(reader.page_as(step.user, step.path), "html.parser").get_text(" ")
            assert step.text in " ".join(text.split()), f"line {step.line}: {step.text!r} not on {step.path}"
        timings.append((step.line, step.kind, time.monotonic() - started))
    reader.stop_server()

    work = reader.workdir
    # The wheel was built, carries the compiled catalogue, and is what got installed last.
    wheel = work / "dist" / "cc_acme_invoices-0.1.0-py3-none-any.whl"
    assert wheel.is_file()
    import zipfile

    names = zipfile.ZipFile(wheel).namelist()
    assert "cc_acme_invoices/locale/nb/LC_MESSAGES/cc_acme_invoices.mo" in names
    assert "cc_acme_invoices/migrations/versions/cc_acme_invoices_0002.py" in names
    # The Norwegian catalogue translates every message the extraction found.
    from babel.messages import pofile

    with open(work / PLUGIN / "cc_acme_invoices/locale/cc_acme_invoices.pot", "rb") as fh:
        template = {m.id for m in pofile.read_po(fh) if m.id}
    with open(work / PLUGIN / "cc_acme_invoices/locale/nb/LC_MESSAGES/cc_acme_invoices.po", "rb") as fh:
        norwegian = {m.id: m.string for m in pofile.read_po(fh) if m.id}
    assert template and template <= {k for k, v in norwegian.items() if v}, template - set(norwegian)
    # The portal lists the plugin with its migration branch.
    listing = next(entry for entry in reader.log if entry.startswith("$ cc -c portal.ini plugins"))
    assert "acme_invoices (cc-acme-invoices 0.1.0)" in listing
    assert "migrations: cc_acme_invoices (head cc_acme_invoices_0002)" in listing
    # The generated and the tutorial's tests both ran and passed.
    runs = [entry for entry in reader.log if entry.startswith("$ pytest")]
    assert len(runs) == 2 and "8 passed" in runs[0] and "7 passed" in runs[1], runs

    first_page = next(i for i, s in enumerate(STEPS) if s.kind == "expect")
    seconds = sum(t for _line, _kind, t in timings[:first_page + 1])
    print(f"scaffold to visible page: {seconds:.1f} s of commands")
