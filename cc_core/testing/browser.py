"""Headless Chromium driven by Playwright: the browser tests' pages."""
from __future__ import annotations

import contextlib
import os
import shutil

import pytest

from .settings import DEMO_PASSWORD

CHROMIUM = os.environ.get("CC_CHROMIUM", "/usr/bin/chromium")
BROWSER_TIMEOUT_MS = int(os.environ.get("CC_BROWSER_TIMEOUT_MS", "30000"))


def browser_required() -> bool:
    return bool(os.environ.get("CI") or os.environ.get("CC_REQUIRE_BROWSER"))


@pytest.fixture(scope="session")
def chromium():
    """Headless Chromium from the system package, driven by Playwright.

    In CI (``CI`` or ``CC_REQUIRE_BROWSER`` set) a missing browser fails the
    tests; elsewhere they are skipped with the reason.
    """
    if not os.path.exists(CHROMIUM) and not shutil.which("chromium"):
        message = f"Chromium not found at {CHROMIUM}: install the 'chromium' package"
        if browser_required():
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium"),
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                  "--no-first-run", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"])
        yield browser
        browser.close()


@pytest.fixture
def browser_context_factory(chromium, tmp_path):
    contexts = []

    def make(**kwargs):
        context = chromium.new_context(**kwargs)
        # A ceiling, not a wait: generous, because CI runs the two database
        # stages side by side and a loaded machine is slow to paint.
        context.set_default_timeout(BROWSER_TIMEOUT_MS)
        context.set_default_navigation_timeout(BROWSER_TIMEOUT_MS)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def browser_page(browser_context_factory, tmp_path, request):
    """A page in a fresh browser context; a screenshot is kept in ``tmp_path``."""
    page = browser_context_factory().new_page()
    yield page
    with contextlib.suppress(Exception):
        page.screenshot(path=str(tmp_path / f"{request.node.name}.png"), full_page=True)


def browser_login(page, live_server, email: str, password: str = DEMO_PASSWORD):
    page.goto(f"{live_server.url}/login")
    page.fill("#login-email", email)
    page.fill("#login-password", password)
    page.click("#login button[type=submit]")
    page.wait_for_load_state()
