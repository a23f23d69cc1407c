"""Every hook, the core's and those plugins offer, is documented and tested."""
import ast
import os
import re
from pathlib import Path

import pytest

from cc_core.plugins import build_plugin_manager

ROOT = Path(__file__).resolve().parents[2]


def all_hook_names() -> list[str]:
    pm = build_plugin_manager({"cc.plugins.disabled": "broken misspelt"})
    return sorted(name for name in dir(pm.hook) if name.startswith("cc_")
                  and getattr(pm.hook, name).spec is not None)


def _test_sources():
    """Every module of the test suites (tests, their helpers, tiny test plugins) but this one."""
    for folder in [ROOT / "tests", *sorted((ROOT / "plugins").glob("*/tests"))]:
        for path in folder.rglob("*.py"):
            if path.resolve() != Path(__file__).resolve():
                yield path


def _docstrings(tree) -> set[int]:
    """ids of the string constants that are docstrings (they prove nothing)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def hook_names_in_code(source: str) -> set[str]:
    """``cc_*`` names a module's code uses: implementations, ``hook.cc_x`` calls, names and
    strings, but not its comments or docstrings."""
    tree = ast.parse(source)
    docstrings = _docstrings(tree)
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            names.add(node.name)
        elif isinstance(node, ast.Attribute):
            names.add(node.attr)
        elif isinstance(node, ast.Name):
            names.add(node.id)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            names.update(re.findall(r"\bcc_\w+", node.value))
    return {name for name in names if name.startswith("cc_")}


HOOKS = all_hook_names()
DOCS = (ROOT / "docs" / "plugin_hooks.md").read_text(encoding="utf-8")
USED_IN_TESTS = set().union(*(hook_names_in_code(path.read_text(encoding="utf-8")) for path in _test_sources()))


def test_core_hooks_are_found():
    assert {"cc_configure", "cc_navigation", "cc_validate_form"} <= set(HOOKS)


@pytest.mark.parametrize("hook", HOOKS)
def test_hook_has_a_doc_section(hook):
    assert re.search(rf"^### {hook}\s*$", DOCS, flags=re.M), f"docs/plugin_hooks.md has no section '### {hook}'"


@pytest.mark.parametrize("hook", HOOKS)
def test_hook_is_exercised_by_a_test(hook):
    assert hook in USED_IN_TESTS, f"no test implements, calls or names {hook} in its code"


def test_a_mention_in_a_docstring_or_comment_does_not_count():
    source = '''"""Tests of cc_alpha."""
# cc_beta is covered elsewhere
def test_something(pm):
    """cc_gamma too."""
    pm.hook.cc_delta(request=None)
    assert "cc_epsilon" in names


def cc_zeta(request):
    return []
'''
    assert hook_names_in_code(source) == {"cc_delta", "cc_epsilon", "cc_zeta"}


@pytest.mark.parametrize("hook", HOOKS)
def test_hook_spec_has_a_docstring(hook):
    pm = build_plugin_manager({"cc.plugins.disabled": "broken misspelt"})
    spec = getattr(pm.hook, hook).spec
    assert (spec.function.__doc__ or "").strip(), f"{hook} has no docstring"


def test_documented_hooks_exist():
    documented = set(re.findall(r"^### (cc_\w+)\s*$", DOCS, flags=re.M))
    assert documented <= set(HOOKS), f"documented but not specified: {sorted(documented - set(HOOKS))}"
