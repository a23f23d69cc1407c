"""The layout-only page measures what every logged-in page pays, and nothing more.

It must render the real layout (the menus with the open-request badge,
the user menu, the logout form) for a logged-in customer, refuse visitors
as every customer page does, and send no statement beyond loading the
person (``BEGIN`` too on SQLite).
"""
import pytest

from bench import layout_page
from cc_core.testing import do_login

pytestmark = pytest.mark.cc_plugins("requests", extra=[(layout_page.PLUGIN_NAME, layout_page)])


def test_it_renders_the_whole_layout_for_a_customer(testapp):
    do_login(testapp, "demo@example.com")
    page = testapp.get(layout_page.PATH)
    assert page.html.select_one("nav.main-nav a[href='/requests'] .badge")
    assert page.html.select_one("#logout-form") and "Dana Demo" in page.text
    assert page.html.select_one("main h1").get_text() == "Layout"


def test_visitors_are_sent_to_log_in(testapp):
    assert "/login" in testapp.get(layout_page.PATH, status=303).location


def test_it_sends_the_person_statement_and_nothing_else(testapp, sql_statements):
    do_login(testapp, "demo@example.com")
    testapp.get(layout_page.PATH)
    with sql_statements() as statements:
        testapp.get(layout_page.PATH)
    reads = [s for s in statements if s.strip().upper() not in ("BEGIN", "BEGIN IMMEDIATE")]
    assert len(reads) == 1 and "FROM cc_person" in reads[0], statements
