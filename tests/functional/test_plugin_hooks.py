"""Each core hook, exercised by the hello test plugin through the real app."""
import logging

import pytest
import sqlalchemy as sa

from cc_core.testing import do_login

pytestmark = pytest.mark.cc_plugins("hello")


def test_cc_configure_mounts_the_plugin_under_its_prefix(testapp):
    page = testapp.get("/hello/")
    assert "Hello from a plugin" in page.text
    # The plugin's template fills the core layout.
    assert 'class="skip-link"' in page.text


def test_cc_navigation_item_appears_in_the_menu_with_badge(testapp):
    page = testapp.get("/")
    link = page.html.select_one('nav.main-nav a[href="/hello/"]')
    assert link is not None and "Hello" in link.text
    assert link.select_one(".badge").text == "1"
    current = testapp.get("/hello/").html.select_one('nav.main-nav a[aria-current="page"]')
    assert current["href"] == "/hello/"


def test_cc_home_panels_render_on_the_home_page(testapp):
    page = testapp.get("/")
    panel = page.html.select_one("section.panel-hello")
    assert panel.h2.text == "Hello panel"
    assert "The answer is 42." in panel.text


def test_cc_assets_are_linked_and_scripts_deferred(testapp):
    page = testapp.get("/")
    assert page.html.select_one('link[href*="hello.css"]') is not None
    script = page.html.select_one('script[src*="hello.js"]')
    assert script is not None and script.has_attr("defer")
    assert testapp.get(script["src"]).status_int == 200


def test_cc_principals_adds_principals_for_the_person(app, testapp, dbsession):
    do_login(testapp, "demo@example.com")
    from pyramid.scripting import prepare

    from cc_core.testing import person_by_email
    from cc_core.auth import person_principals

    env = prepare(registry=app.registry)
    try:
        principals = person_principals(env["request"], person_by_email(dbsession, "demo@example.com"))
    finally:
        env["closer"]()
    assert "hello:friend" in principals and "role:customer" in principals


def test_cc_validate_form_can_refuse_a_form(testapp):
    form = testapp.get("/login").forms["login"]
    form["email"] = "refused@example.com"
    form["password"] = "whatever"
    page = form.submit()
    assert page.status_int == 200
    assert "The hello plugin refuses this address." in page.text
    assert page.forms["login"]["email"].value == "refused@example.com"


def test_cc_on_login_and_cc_on_logout_are_notified(testapp):
    from cc_test_hello.plugin import CALLS

    CALLS.clear()
    do_login(testapp, "demo@example.com")
    testapp.get("/").forms["logout-form"].submit()
    assert CALLS == [("login", "demo@example.com"), ("logout", "demo@example.com")]


def test_cc_migration_locations_and_cc_demo_data_created_the_table_and_rows(dbsession):
    rows = dbsession.execute(sa.text("SELECT text FROM hello_greeting")).scalars().all()
    assert rows == ["hello demo"]


def test_an_exception_in_a_plugin_view_is_logged_with_the_plugin_name(testapp, caplog):
    with caplog.at_level(logging.ERROR, logger="cc_core.errors"):
        page = testapp.get("/hello/boom", status=500)
    assert "Something went wrong" in page.text
    assert 'class="skip-link"' in page.text
    assert any("plugin hello" in record.getMessage() for record in caplog.records)
    # The rest of the portal keeps working.
    assert testapp.get("/hello/").status_int == 200
    assert testapp.get("/").status_int == 200
