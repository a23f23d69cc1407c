"""cc_search_sections and cc_home_actions: the home page's "How can we help?" search."""
import types

import pytest

from cc_core import api
from cc_core.testing import do_login

CALLS = []


@api.hookimpl
def cc_search_sections(request, text, limit, typing):
    CALLS.append((text, limit, typing, request.person.email if request.person else None))
    if "boom" in text:
        raise RuntimeError("a broken search")
    hits = tuple(api.SearchHit(title=f"{word} <b>found</b>", url=f"/found/{index}", snippet="why")
                 for index, word in enumerate(text.split()))
    return [api.SearchSection(title="Things", hits=hits, more_url="/things?q=x", order=20, name="things"),
            api.SearchSection(title="Empty", hits=(), order=10, name="empty")]


@api.hookimpl
def cc_home_actions(request):
    return [api.NavItem(label="Second thing", route="hello.page", order=20, name="second"),
            api.NavItem(label="Main thing", route="home", order=10, name="main")]


search_plugin = types.ModuleType("cc_test_site_search")
search_plugin.cc_search_sections = cc_search_sections
search_plugin.cc_home_actions = cc_home_actions

pytestmark = pytest.mark.cc_plugins("hello", extra=[("sitesearch", search_plugin)])


@pytest.fixture(autouse=True)
def calls():
    CALLS.clear()
    return CALLS


def test_the_home_page_asks_how_it_can_help_and_shows_the_actions_in_order(testapp):
    page = testapp.get("/")
    form = page.forms["site-search"]
    assert form.method.upper() == "GET" and form.action == "/search"
    assert page.html.select_one("label[for=site-search-q]").get_text() == "How can we help?"
    buttons = [(a["data-name"], a.get_text(), a["class"]) for a in page.html.select(".home-actions a")]
    assert buttons == [("main", "Main thing", ["button", "primary"]), ("second", "Second thing", ["button"])]
    assert page.html.select_one('script[src*="suggest.js"]').has_attr("defer")
    assert CALLS == []  # the home page itself searches nothing


def test_the_results_page_shows_each_plugins_section_escaped_and_leaves_empty_ones_out(testapp, calls):
    form = testapp.get("/").forms["site-search"]
    form["q"] = "printer toner"
    page = form.submit()
    sections = page.html.select("section.search-section")
    assert [s["class"][1] for s in sections] == ["search-section-things"]
    assert [a.get_text() for a in sections[0].select("a")][:2] == ["printer <b>found</b>", "toner <b>found</b>"]
    assert "<b>found</b>" not in page.text  # escaped
    assert sections[0].select("a")[-1]["href"] == "/things?q=x"
    assert calls == [("printer toner", 8, False, None)]
    assert page.forms["site-search"]["q"].value == "printer toner"


def test_a_logged_in_search_is_made_for_that_person(testapp, calls):
    do_login(testapp, "demo@example.com")
    testapp.get("/search", {"q": "toner"})
    assert calls == [("toner", 8, False, "demo@example.com")]


def test_suggestions_are_json_for_text_being_typed(testapp, calls):
    data = testapp.get("/search/suggestions", {"q": "ton"}).json
    assert data["sections"] == [{"title": "Things", "more_url": "/things?q=x", "suggestion": None,
                                 "hits": [{"title": "ton <b>found</b>", "url": "/found/0", "snippet": "why"}]}]
    assert calls == [("ton", 4, True, None)]
    assert testapp.get("/search/suggestions", {"q": "t"}).json["sections"] == []
    assert len(calls) == 1  # one letter asks nobody


def test_odd_input_is_cleaned_not_an_error(testapp, calls):
    testapp.get("/search", {"q": "  a  b \u00a0  c  "})
    testapp.get("/search", {"q": "x" * 5000})
    assert calls[0][0] == "a b c" and len(calls[1][0]) == 200
    testapp.get("/search", {"q": "a\x00b"}, status=400)  # the core's input guard, before any plugin
    testapp.get("/search/suggestions", {"q": "a\x1bb"}, status=400)
    page = testapp.get("/search")
    assert page.status_int == 200 and not page.html.select("section.search-section")
    assert len(calls) == 2  # an empty search asks nobody
    testapp.get("/search?q=a&q=b", status=200)


def test_a_failing_plugin_leaves_the_results_page_standing(testapp):
    page = testapp.get("/search", {"q": "boom"})
    assert page.status_int == 200 and "Nothing matches" in page.text
