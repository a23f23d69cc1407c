"""What every page pays before its own content, remembered where it cannot change.

The layout's fixed route paths, the static asset paths and the layout's
templates are computed once per application; these tests hold each memo to
what Pyramid itself would generate, and show what is still computed per
request: routes with placeholders, static URLs with an anchor, a different
application prefix, templates while they reload.  Ordinary pages no longer
re-send the session cookie; a page that shows a flash message does.
"""
import pytest
from pyramid.interfaces import IRoutesMapper, IStaticURLInfo
from pyramid.request import Request

from cc_core import layout, route_paths
from cc_core.static_assets import MemoStaticURLInfo
from cc_core.testing import do_login

pytestmark = pytest.mark.cc_plugins("hello")


def _request(app, path="/", script_name=""):
    request = Request.blank(path, base_url=f"http://localhost{script_name}")
    request.registry = app.registry
    return request


def test_static_paths_are_the_ones_pyramid_generates(app):
    info = app.registry.getUtility(IStaticURLInfo)
    assert isinstance(info, MemoStaticURLInfo)
    spec = "cc_core:static/cc.css"
    first = _request(app).static_path(spec)
    assert first.startswith("/static/") and "cc.css?" in first
    # Remembered, and the same answer every time.
    assert (spec, "") in info._paths
    assert _request(app).static_path(spec) == first
    # Another application prefix is its own entry.
    assert _request(app, script_name="/portal").static_path(spec) == "/portal" + first


def test_static_urls_and_anchored_paths_are_generated_each_time(app):
    info = app.registry.getUtility(IStaticURLInfo)
    before = dict(info._paths)
    url = _request(app).static_url("cc_core:static/cc.css", _anchor="top")
    assert url.startswith("http://localhost/static/cc.css?") and url.endswith("#top")
    path = _request(app).static_path("cc_core:static/cc.css", _anchor="top")
    assert path.startswith("/static/cc.css?") and path.endswith("#top")
    assert info._paths == before


def test_fixed_route_paths_are_remembered_and_placeholders_are_not(app):
    request = _request(app)
    helpers = layout.LayoutHelpers(request)
    assert helpers.path("home") == request.route_path("home") == "/"
    assert helpers.path("login") == "/login"
    remembered = request.registry[route_paths._REGISTRY_KEY]
    assert remembered[("login", "")] == "/login"
    # A route with a placeholder is generated each time, never remembered.
    routes = request.registry.getUtility(IRoutesMapper).get_routes()
    placeholder = next(route for route in routes if "{" in route.pattern)
    assert not route_paths.is_fixed_route(request.registry, placeholder.name)
    assert route_paths.is_fixed_route(request.registry, "login")
    assert route_paths.is_fixed_route(request.registry, "no-such-route") is False
    assert (placeholder.name, "") not in remembered


def test_the_layout_links_follow_the_application_prefix(testapp):
    page = testapp.get("/", extra_environ={"SCRIPT_NAME": "/portal"})
    assert page.html.select_one("a.site-name")["href"] == "/portal/"
    assert page.html.select_one("#language-form")["action"] == "/portal/language"
    # And without the prefix again: each prefix has its own remembered path.
    page = testapp.get("/")
    assert page.html.select_one("a.site-name")["href"] == "/"
    assert page.html.select_one("#language-form")["action"] == "/language"


def test_an_ordinary_logged_in_page_does_not_resend_the_session_cookie(testapp):
    do_login(testapp, "demo@example.com")
    testapp.get("/")
    page = testapp.get("/")
    assert page.status_int == 200
    assert "Set-Cookie" not in page.headers
    assert page.html.select_one(".user-menu") is not None


def test_a_page_showing_a_flash_message_sends_the_emptied_session(testapp):
    do_login(testapp, "demo@example.com")
    home = testapp.get("/")
    home.forms["logout-form"].submit()
    page = testapp.get("/")
    assert "You have been logged out." in page.text
    assert "Set-Cookie" in page.headers
    # Shown once: the next page has no message and no new cookie.
    again = testapp.get("/")
    assert "You have been logged out." not in again.text
    assert "Set-Cookie" not in again.headers


def test_the_layout_template_is_looked_up_once_per_application(app, testapp):
    testapp.get("/")
    remembered = app.registry.get(layout._TEMPLATES)
    assert remembered is not None and layout.LAYOUT in remembered
    found = remembered[layout.LAYOUT]
    assert layout.template(_request(app), layout.LAYOUT) is found


@pytest.mark.cc_settings({"pyramid.reload_templates": "true"})
def test_templates_are_looked_up_per_render_while_they_reload(app, testapp):
    assert app.registry.settings["pyramid.reload_templates"] is True
    testapp.get("/")
    assert layout.LAYOUT not in app.registry.get(layout._TEMPLATES, {})



@pytest.mark.parametrize(("suffix", "script_name", "or_home", "under"), [
    ("", "", False, True),
    ("/", "", False, True),
    ("/more/7", "", False, True),
    ("s", "", False, False),
    ("", "/portal", False, True),
    ("/more", "/portal", False, True),
])
def test_a_page_is_under_a_route_at_its_path_or_below(app, suffix, script_name, or_home, under):
    section = _request(app).route_path("hello.private")
    request = _request(app, section + suffix, script_name)
    assert route_paths.is_under(request, "hello.private", or_home=or_home) is under


@pytest.mark.parametrize(("path", "script_name", "or_home", "under"), [
    ("/", "", False, False),
    ("/", "", True, True),
    ("/", "/portal", True, True),
    ("/login", "", True, False),
])
def test_the_home_page_is_under_a_route_only_when_asked(app, path, script_name, or_home, under):
    request = _request(app, path, script_name)
    assert route_paths.is_under(request, "hello.private", or_home=or_home) is under
