"""Keyboard only: log in, open the new-request form, fail, fix, send; and the home search without JavaScript."""
import pytest

pytestmark = [pytest.mark.browser, pytest.mark.cc_plugins("requests", "faq")]


def tab_to(page, selector, limit=60):
    """Press Tab until ``selector`` has the focus (as a keyboard user would)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_keyboard_only_login_new_request_and_submit(browser_page, live_server):
    page = browser_page
    page.goto(live_server.url + "/login")
    tab_to(page, "#login-email")
    page.keyboard.type("demo@example.com")
    page.keyboard.press("Tab")
    page.keyboard.type("demo-password")
    page.keyboard.press("Enter")
    page.wait_for_selector(".user-name")

    tab_to(page, ".home-actions a.primary")  # "New request", the home page's main button
    page.keyboard.press("Enter")
    page.wait_for_selector("#new-request")
    tab_to(page, "#new-request button[type=submit]")
    page.keyboard.press("Enter")  # nothing typed: refused
    page.wait_for_selector(".error-summary")
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")

    tab_to(page, "#new-request-title")
    page.keyboard.type("Keyboard only: the label printer is offline")
    tab_to(page, "#new-request-category")
    page.keyboard.press("ArrowDown")
    tab_to(page, "#new-request-message")
    page.keyboard.type("It went offline after the update.")
    tab_to(page, "#new-request button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Your request has been sent")
    assert page.inner_text("h1").endswith("Keyboard only: the label printer is offline")


def test_the_home_search_works_without_javascript(browser_context_factory, live_server):
    page = browser_context_factory(java_script_enabled=False).new_page()
    page.goto(live_server.url + "/")
    page.fill("#site-search-q", "pasword")
    page.click("#site-search button[type=submit]")
    page.wait_for_selector(".did-you-mean a")
    page.click(".did-you-mean a")
    page.wait_for_selector("section.search-section-faq")
    page.click("section.search-section-faq .search-hits a >> nth=0")
    assert "password" in page.inner_text("h1").lower()
