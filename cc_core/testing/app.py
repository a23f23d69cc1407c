"""The application under test, chosen by the ``cc_plugins`` marker, and WebTest clients on it."""
from __future__ import annotations

import pytest

from .database import session_factory as _test_session_factory
from .settings import DEMO_PASSWORD


def plugin_spec(node) -> tuple[tuple[str, ...], tuple]:
    """The plugin names and extra ``(name, module)`` plugins of the closest ``cc_plugins`` marker."""
    marker = node.get_closest_marker("cc_plugins")
    if marker is None:
        return (), ()
    return tuple(marker.args), tuple(marker.kwargs.get("extra", ()))


_apps: dict = {}


def build_app(settings: dict, names=(), extra=(), session_factory=None):
    """Build (or reuse) the app for a plugin set and settings."""
    from .. import make_app
    from ..plugins import build_plugin_manager

    key = (tuple(names), tuple((n, m.__name__) for n, m in extra), tuple(sorted(settings.items())),
           session_factory is None)
    if key not in _apps:
        pm = build_plugin_manager(settings, only=names, extra=extra)
        _apps[key] = make_app(settings, plugin_manager=pm,
                              session_factory=session_factory or _test_session_factory)
    return _apps[key]


@pytest.fixture
def app(request, cc_settings, dbconnection):
    names, extra = plugin_spec(request.node)
    return build_app(cc_settings, names, extra)


@pytest.fixture
def testapp(app):
    import webtest

    return webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost", "REMOTE_ADDR": "192.0.2.10"})


def do_login(testapp, email: str, password: str = DEMO_PASSWORD):
    """Log ``testapp`` in through the real login form; returns the redirect."""
    page = testapp.get("/login")
    form = page.forms["login"]
    form["email"] = email
    form["password"] = password
    response = form.submit()
    assert response.status_int == 303, f"login as {email} failed: {response.status}"
    return response


@pytest.fixture
def login():
    return do_login


@pytest.fixture
def new_testapp(app):
    """Make more browsers-in-a-test: each ``new_testapp()`` has its own cookies."""
    import webtest

    def make(address: str = "192.0.2.11"):
        return webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost", "REMOTE_ADDR": address})

    return make


# -- factories ----------------------------------------------------------------

