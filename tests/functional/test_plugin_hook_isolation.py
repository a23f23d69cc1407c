"""A plugin whose collector hooks raise takes down only its own part of a shared page.

The faulty test plugin's home panel, menu items, user menu items and assets
all raise (it is asked to by a cookie); the home page, where login lands,
still renders for everybody with the other plugins' parts, and each failure
is logged with the plugin's name.
"""
import logging

import pytest

from cc_core.testing import do_login
from tests.plugins import faulty

pytestmark = pytest.mark.cc_plugins("hello", extra=[("faulty", faulty)])

SHARED_HOOKS = ("cc_home_panels", "cc_navigation", "cc_user_menu", "cc_assets")


@pytest.fixture
def failing_hooks(testapp):
    testapp.set_cookie("faulty", "hooks")
    return testapp


def failures(caplog) -> set[str]:
    """The hooks the log says the faulty plugin failed in."""
    return {record.getMessage().split(" failed in ")[1].split(";")[0] for record in caplog.records
            if record.name == "cc_core.collectors" and record.getMessage().startswith("plugin faulty failed")}


def test_the_home_page_renders_without_the_failing_plugin(failing_hooks, caplog):
    with caplog.at_level(logging.ERROR):
        page = failing_hooks.get("/", status=200)
    assert [p.text.strip() for p in page.html.select(".panel h2")] == ["Hello panel"]
    assert page.html.select_one('nav.main-nav a[href="/hello/"]') is not None
    assert page.html.select_one('link[href*="hello.css"]') is not None
    assert failures(caplog) == {"cc_home_panels", "cc_navigation", "cc_assets"}


def test_login_lands_on_a_working_home_page(failing_hooks, caplog):
    with caplog.at_level(logging.ERROR):
        landing = do_login(failing_hooks, "demo@example.com").follow(status=200)
    assert landing.html.select_one(".user-name") is not None
    assert [p.text.strip() for p in landing.html.select(".panel h2")] == ["Hello panel"]
    assert failures(caplog) == set(SHARED_HOOKS)

