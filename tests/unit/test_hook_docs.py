"""Every hook, the core's and those plugins offer, is documented and tested."""
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


def _test_files():
    for folder in [ROOT / "tests", *sorted((ROOT / "plugins").glob("*/tests"))]:
        for path in folder.rglob("test_*.py"):
            yield path


HOOKS = all_hook_names()
DOCS = (ROOT / "docs" / "plugin_hooks.md").read_text(encoding="utf-8")
TEST_TEXT = "\n".join(path.read_text(encoding="utf-8") for path in _test_files())


def test_core_hooks_are_found():
    assert {"cc_configure", "cc_navigation", "cc_validate_form"} <= set(HOOKS)


@pytest.mark.parametrize("hook", HOOKS)
def test_hook_has_a_doc_section(hook):
    assert re.search(rf"^### {hook}\s*$", DOCS, flags=re.M), f"docs/plugin_hooks.md has no section '### {hook}'"


@pytest.mark.parametrize("hook", HOOKS)
def test_hook_is_exercised_by_a_test(hook):
    assert hook in TEST_TEXT, f"no test mentions {hook}"


@pytest.mark.parametrize("hook", HOOKS)
def test_hook_spec_has_a_docstring(hook):
    pm = build_plugin_manager({"cc.plugins.disabled": "broken misspelt"})
    spec = getattr(pm.hook, hook).spec
    assert (spec.function.__doc__ or "").strip(), f"{hook} has no docstring"


def test_documented_hooks_exist():
    documented = set(re.findall(r"^### (cc_\w+)\s*$", DOCS, flags=re.M))
    assert documented <= set(HOOKS), f"documented but not specified: {sorted(documented - set(HOOKS))}"
