"""Shipped plugins reach the core only through ``cc_core.api``.

Everything else in ``cc_core`` may change between releases, and a plugin
that imports another plugin's internals breaks when that plugin changes.
The rules, checked on the syntax tree of every Python file under
``plugins/``:

* a plugin's package imports ``cc_core.api`` and nothing else of the core;
  its tests and benchmarks (``tests/``, ``bench/``: run from a checkout,
  never shipped) may also import ``cc_core.testing``;
* no plugin imports another plugin's package; the one allowed exception is
  the desk, which reads the requests plugin's published interface,
  ``cc_requests.public``.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PLUGINS = ROOT / "plugins"
CORE_FOR_CODE = {"cc_core.api"}
CORE_FOR_TESTS = {"cc_core.api", "cc_core.testing"}
#: (importing plugin folder, module it may import from another plugin)
CROSS_PLUGIN_ALLOWED = {("desk", "cc_requests.public")}


def imported_modules(source: str, filename: str = "<source>") -> list[tuple[int, str]]:
    """Every absolute module a source imports, as (line, dotted name).

    ``from a import b`` yields ``a.b`` (``b`` may be a module), so
    ``from cc_core import db`` is caught as well as ``import cc_core.db``.
    String imports through ``importlib.import_module`` or ``__import__``
    count too.
    """
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.extend((node.lineno, f"{node.module}.{alias.name}" if alias.name != "*" else node.module)
                         for alias in node.names)
        elif isinstance(node, ast.Call) and _is_dynamic_import(node.func) and node.args:
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                found.append((node.lineno, first.value))
    return found


def _is_dynamic_import(func) -> bool:
    if isinstance(func, ast.Name):
        return func.id in ("__import__", "import_module")
    return isinstance(func, ast.Attribute) and func.attr == "import_module"


def _within(module: str, allowed: set[str]) -> bool:
    return any(module == name or module.startswith(name + ".") for name in allowed)


def violations(source: str, plugin: str, is_test: bool, packages: dict[str, str]) -> list[str]:
    """Why each import of ``source`` (a file of ``plugin``) is not allowed."""
    problems = []
    own = {package for package, folder in packages.items() if folder == plugin}
    core_allowed = CORE_FOR_TESTS if is_test else CORE_FOR_CODE
    for line, module in imported_modules(source):
        top = module.split(".")[0]
        if top == "cc_core":
            # "from cc_core.api import X" names cc_core.api.X: still the facade.
            if not _within(module, core_allowed):
                problems.append(f"line {line}: {module} (use cc_core.api)")
        elif top in packages and top not in own:
            if not any(plugin == who and _within(module, {what}) for who, what in CROSS_PLUGIN_ALLOWED):
                problems.append(f"line {line}: {module} belongs to the {packages[top]} plugin")
    return problems


def plugin_packages() -> dict[str, str]:
    """Top-level package name → the plugin folder that ships it."""
    packages = {}
    for folder in sorted(PLUGINS.glob("*")):
        for init in folder.glob("*/__init__.py"):
            if init.parent.name != "tests":
                packages[init.parent.name] = folder.name
    return packages


def plugin_files() -> list[Path]:
    skipped = {"build", "dist", ".eggs"}
    return sorted(path for path in PLUGINS.rglob("*.py")
                  if not skipped & set(path.relative_to(PLUGINS).parts)
                  and not any(part.endswith(".egg-info") for part in path.parts))


PACKAGES = plugin_packages()
FILES = plugin_files()


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(PLUGINS)) for p in FILES])
def test_plugin_file_imports_only_the_facade(path):
    relative = path.relative_to(PLUGINS)
    plugin = relative.parts[0]
    is_test = ({"tests", "bench"} & set(relative.parts[1:-1])
               or relative.name.startswith(("test_", "conftest")))
    problems = violations(path.read_text(encoding="utf-8"), plugin, is_test, PACKAGES)
    assert not problems, f"{relative} imports what plugins may not:\n" + "\n".join(problems)


def test_there_are_plugins_to_check():
    assert "cc_example_crm_view" in PACKAGES
    assert any(path.name == "plugin.py" for path in FILES)


# -- the checker itself --------------------------------------------------------

KNOWN = {"cc_requests": "requests", "cc_desk": "desk", "cc_faq": "faq"}


@pytest.mark.parametrize("source", [
    "from cc_core import api",
    "from cc_core.api import Form, hookimpl",
    "import cc_core.api",
    "from . import models\nfrom .views import x",
    "import sqlalchemy as sa\nfrom pyramid.view import view_config",
    "from cc_faq import models",  # its own package
])
def test_allowed_imports_in_plugin_code(source):
    assert violations(source, "faq", False, KNOWN) == []


@pytest.mark.parametrize("source", [
    "from cc_core import db",
    "from cc_core.forms import Form",
    "import cc_core.models",
    "import cc_core",
    "from cc_core import testing",  # only tests may
    "from cc_requests import models",
    "import cc_requests.public",  # only the desk may
    "importlib.import_module('cc_core.auth')",
    "__import__('cc_requests.views')",
])
def test_refused_imports_in_plugin_code(source):
    assert violations(source, "faq", False, KNOWN) != []


def test_tests_may_use_the_harness():
    assert violations("from cc_core.testing import create_person", "faq", True, KNOWN) == []
    assert violations("from cc_core import testing", "faq", True, KNOWN) == []
    assert violations("from cc_core.plugins import build_plugin_manager", "faq", True, KNOWN) != []


def test_the_desk_may_read_only_the_published_requests_interface():
    assert violations("from cc_requests.public import open_requests", "desk", False, KNOWN) == []
    assert violations("from cc_requests import public", "desk", False, KNOWN) == []
    assert violations("from cc_requests.models import Request", "desk", False, KNOWN) != []
    assert violations("from cc_faq import search", "desk", False, KNOWN) != []
