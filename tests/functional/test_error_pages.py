"""Each error page renders inside the layout, with its status and a message that helps."""
import types

import pytest
from pyramid.httpexceptions import HTTPBadRequest, HTTPForbidden, HTTPTooManyRequests

from cc_core import api
from cc_core.testing import do_login


@api.hookimpl
def cc_configure(config):
    for name, error in (("forbidden", HTTPForbidden), ("bad", HTTPBadRequest), ("busy", HTTPTooManyRequests)):
        config.add_route(f"errors.{name}", f"/errors/{name}")

        def view(request, error=error):
            raise error()

        config.add_view(view, route_name=f"errors.{name}")


errors_plugin = types.ModuleType("cc_test_errors")
errors_plugin.cc_configure = cc_configure

pytestmark = pytest.mark.cc_plugins(extra=[("errors", errors_plugin)])


def in_layout(page):
    html = page.html
    assert html.select_one("a.skip-link") is not None and html.select_one("main#main") is not None
    assert html.select_one("footer.site-footer") is not None
    return html.select_one("main").get_text(" ")


@pytest.mark.parametrize("path,status,words", [
    ("/errors/forbidden", 403, "You are not allowed to do this."),
    ("/errors/bad", 400, "Something in what your browser sent was not right."),
    ("/errors/busy", 429, "too many failed attempts"),
])
def test_error_pages_are_in_the_layout(testapp, path, status, words):
    do_login(testapp, "demo@example.com")
    page = testapp.get(path, status=status)
    assert words in in_layout(page)
    assert page.headers["Cache-Control"] == "no-store"
    assert "Content-Security-Policy" in page.headers


def test_the_429_page_says_when_to_try_again(testapp):
    page = testapp.get("/errors/busy", status=429)
    assert page.headers["Retry-After"] == "900"


def test_visitors_asking_for_a_forbidden_page_are_sent_to_log_in(testapp):
    assert "/login?came_from=%2Ferrors%2Fforbidden" in testapp.get("/errors/forbidden", status=303).location
