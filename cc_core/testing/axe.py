"""axe-core in the browser tests: WCAG 2.1 A and AA checks of a page.

axe-core is an npm package (``package.json`` at the top of the checkout;
``make install`` runs ``npm ci``).  Its script is evaluated in the page
through the DevTools protocol, which the portal's content security policy
does not govern, so the page is checked exactly as it is served.  Where
it is missing the checks are skipped, or fail in CI (``CI`` or
``CC_REQUIRE_BROWSER`` set), like the browser itself.
"""
from __future__ import annotations

import functools
import os
from pathlib import Path

import pytest

from .browser import browser_required

#: The rules of WCAG 2.0 and 2.1, levels A and AA.
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")


def axe_script_path(rootdir) -> Path:
    """``CC_AXE_JS``, else ``node_modules/axe-core/axe.min.js`` of the checkout."""
    return Path(os.environ.get("CC_AXE_JS") or Path(rootdir) / "node_modules" / "axe-core" / "axe.min.js")


@functools.lru_cache(maxsize=2)
def _source(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def violations(page, script: str) -> list[dict]:
    """axe's WCAG 2.1 A/AA violations on ``page`` now: ``[{id, impact, help, targets}]``."""
    page.evaluate(script)
    found = page.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})"
        ".then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " targets: v.nodes.map(n => n.target.join(' '))})))", list(WCAG_TAGS))
    return found


@pytest.fixture(scope="session")
def axe_check(request):
    """``axe_check(page)``: the list of WCAG 2.1 A/AA violations on the page (assert it is empty)."""
    path = axe_script_path(request.config.rootpath)
    if not path.exists():
        message = f"axe-core not found at {path}: run `npm ci` (make install does)"
        if browser_required():
            pytest.fail(message)
        pytest.skip(message)
    script = _source(path)
    return lambda page: violations(page, script)
