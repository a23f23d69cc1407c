"""The FAQ in real headless Chromium: search, read, vote, log in, get suggestions."""
import re

import pytest

from cc_core.testing import browser_login
from faq_plugins import WITH_REQUESTS, needs_requests

pytestmark = [pytest.mark.browser, pytest.mark.cc_plugins(*WITH_REQUESTS)]


def test_anonymous_search_read_and_vote_then_customer_sees_more(browser_page, live_server, tmp_path):
    page = browser_page
    page.goto(live_server.url + "/")
    page.click("nav.main-nav >> text=FAQ")
    page.fill("#faq-search-q", "reset password")
    page.press("#faq-search-q", "Enter")
    page.wait_for_selector("ol.faq-results")
    assert page.locator("ol.faq-results mark").count() >= 2
    page.click("ol.faq-results h3 a >> nth=0")
    page.wait_for_selector("#faq-question")
    assert page.inner_text("#faq-question") == "How do I reset my password?"
    assert page.locator(".faq-answer ol li").count() == 3
    page.click("#faq-vote button[value=yes]")
    page.wait_for_selector("text=Thank you for your answer.")
    assert "You answered yes." in page.inner_text("#feedback")
    assert re.search(r"\d+ of \d+ found this helpful", page.inner_text("#feedback"))
    page.screenshot(path=str(tmp_path / "faq-voted.png"), full_page=True)
    # Voting again from the same browser counts once.
    page.click("#faq-vote button[value=yes]")
    page.wait_for_selector("text=it is counted once")

    # Customers-only articles are hidden from visitors and shown to customers.
    page.goto(live_server.url + "/faq/search?q=direct+debit")
    assert page.locator("ol.faq-results").count() == 0
    assert page.locator(".faq-no-hits").is_visible()
    browser_login(page, live_server, "demo@example.com")
    page.goto(live_server.url + "/faq/search?q=direct+debit")
    page.click("ol.faq-results h3 a >> nth=0")
    assert page.inner_text("#faq-question") == "Can I pay by direct debit?"
    crumbs = page.locator(".faq-breadcrumbs a").all_inner_texts()
    assert crumbs == ["FAQ", "Billing and invoices"]


def test_faq_pages_fit_a_phone_screen(browser_context_factory, live_server):
    page = browser_context_factory(viewport={"width": 360, "height": 740}).new_page()
    for path in ("/faq", "/faq/search?q=password", "/faq/articles/1", "/faq/folders/1"):
        page.goto(live_server.url + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} is {overflow}px wider than the screen"


def test_the_vote_buttons_are_reachable_by_keyboard(browser_page, live_server):
    page = browser_page
    page.goto(live_server.url + "/faq/articles/1")
    page.focus("#faq-vote button[value=no]")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Thank you for your answer.")
    assert "You answered no." in page.inner_text("#feedback")


@needs_requests
def test_suggestions_appear_while_typing_a_new_request(browser_page, live_server):
    page = browser_page
    browser_login(page, live_server, "demo@example.com")
    page.goto(live_server.url + "/requests/new")
    page.locator("#new-request-title").press_sequentially("reset my passw", delay=60)
    link = page.locator('a[href*="/faq/articles/"]', has_text="reset my password")
    link.first.wait_for()
    assert link.first.is_visible()
