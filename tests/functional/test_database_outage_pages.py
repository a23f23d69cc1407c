"""While the database is unreachable every page answers 503, and the portal recovers by itself.

The outage is real: on SQLite the database file's folder is moved away
(and the pooled connections dropped, as a restarted server would); on
PostgreSQL the database stops accepting connections and its backends are
terminated.  Then it comes back, and the same application serves pages
again without a restart.
"""
import contextlib
import os

import pytest
import sqlalchemy as sa
import webtest
from sqlalchemy.pool import NullPool

from cc_core.testing import do_login

pytestmark = pytest.mark.cc_plugins("requests", "faq")

PAGES = [
    ("/", False),
    ("/faq", False),          # a plugin's page
    ("/requests", True),      # a logged-in page
    ("/nowhere", True),       # an error page, which looks up who is logged in too
]


@contextlib.contextmanager
def database_outage(live_server):
    url = sa.engine.make_url(live_server.settings["sqlalchemy.url"])
    engine = live_server.app.registry["cc.db.engine"]
    if url.get_backend_name() == "sqlite":
        folder = os.path.dirname(url.database)
        moved = folder + "-away"
        engine.dispose()
        os.rename(folder, moved)
        try:
            yield
        finally:
            os.rename(moved, folder)
    else:
        admin = sa.create_engine(os.environ["CC_TEST_DATABASE_URL"], poolclass=NullPool,
                                 isolation_level="AUTOCOMMIT")
        name = url.database
        try:
            with admin.connect() as connection:
                connection.exec_driver_sql(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
                connection.exec_driver_sql(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %(name)s",
                    {"name": name})
            yield
        finally:
            with admin.connect() as connection:
                connection.exec_driver_sql(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
            admin.dispose()


@pytest.fixture(scope="module")
def browsers(live_server):
    environ = {"HTTP_HOST": "localhost", "REMOTE_ADDR": "192.0.2.40"}
    customer = webtest.TestApp(live_server.app, extra_environ=environ)
    do_login(customer, "demo@example.com")
    visitor = webtest.TestApp(live_server.app, extra_environ={**environ, "REMOTE_ADDR": "192.0.2.41"})
    return {False: visitor, True: customer}


def test_every_page_answers_503_in_the_layout_and_the_portal_recovers(live_server, browsers):
    with database_outage(live_server):
        for path, logged_in in PAGES:
            page = browsers[logged_in].get(path, status=503)
            assert page.headers["Retry-After"] == "30"
            assert page.headers["Cache-Control"] == "no-store"
            html = page.html
            assert html.select_one("main .error-page h1").text == "Temporarily unavailable", path
            assert "cannot reach its database" in html.select_one("main").get_text(" ")
            assert html.select_one("footer.site-footer") is not None
            assert html.select_one(".user-menu") is None     # who is logged in is not known
        assert browsers[False].get("/healthz", status=503).json["database"] == "unreachable"
    for path, logged_in in PAGES:
        expected = 404 if path == "/nowhere" else 200
        page = browsers[logged_in].get(path, status=expected)
        if logged_in:
            assert page.html.select_one(".user-name") is not None    # still logged in
    health = browsers[False].get("/healthz").json
    assert (health["status"], health["database"]) == ("ok", "ok")


def test_the_outage_page_is_translated(live_server, browsers):
    with database_outage(live_server):
        page = browsers[False].get("/faq", headers={"Accept-Language": "nb"}, status=503)
    assert page.html.html["lang"] == "nb"
    assert page.html.select_one("main .error-page h1").text == "Midlertidig utilgjengelig"


@pytest.mark.cc_settings({"cc.unavailable_retry_after": "120"})
def test_retry_after_is_a_setting(cc_settings, tmp_path):
    from cc_core import make_app
    from cc_core.plugins import build_plugin_manager

    settings = {**cc_settings, "sqlalchemy.url": f"sqlite:///{tmp_path}/missing-dir/none.sqlite"}
    app = webtest.TestApp(make_app(settings, plugin_manager=build_plugin_manager(settings, only=("faq",))))
    assert app.get("/faq", status=503).headers["Retry-After"] == "120"
