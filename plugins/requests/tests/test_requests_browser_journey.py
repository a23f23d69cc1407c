"""Item 9 in real headless Chromium: post a request with a file, find it, sort, open, reply, close, reopen."""
import pytest

from cc_core.testing import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.cc_plugins("requests")]


def test_a_customer_follows_a_request_from_start_to_reopening(browser_page, live_server, tmp_path):
    page = browser_page
    screenshot = tmp_path / "log.txt"
    screenshot.write_text("12:00 printer jammed\n12:05 printer jammed again\n")
    browser_login(page, live_server, "demo@example.com")

    page.click("nav.main-nav >> text=My requests")
    page.click("text=New request >> nth=0")
    page.fill("#new-request-title", "Zebra label printer jams")
    page.select_option("#new-request-category", label="General question")
    page.select_option("#new-request-priority", label="High")
    page.fill("#new-request-message", "It jams on every third label.")
    page.set_input_files("#new-request-attachment", str(screenshot))
    page.click("#new-request button[type=submit]")
    page.wait_for_selector("text=Your request has been sent")
    assert page.inner_text("h1").endswith("Zebra label printer jams")
    assert page.locator(".attachments a", has_text="log.txt").count() == 1

    # The list shows it; sorting by title is a click on the column heading.
    page.click("text=← All requests")
    assert page.locator("#request-table a", has_text="Zebra label printer jams").count() == 1
    page.click("th.col-title a")
    assert page.get_attribute("th.col-title", "aria-sort") == "ascending"
    titles = page.locator("#request-table td.col-title a").all_inner_texts()
    assert titles == sorted(titles, key=str.lower)
    page.focus("th.col-title a")  # the heading link works from the keyboard too
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelector('th.col-title').getAttribute('aria-sort') === 'descending'")

    page.click("#request-table a >> text=Zebra label printer jams")
    page.fill("#reply-message", "Photo of the jam: it happens with the new rolls only.")
    page.click("#reply button[type=submit]")
    page.wait_for_selector("text=Your reply was sent.")
    assert page.locator("article.message").count() == 2

    page.click("#close button[type=submit]")
    page.wait_for_selector("text=The request is closed")
    assert page.inner_text("#request-status .status-label") == "Solved"
    page.click("#reopen button[type=submit]")
    page.wait_for_selector("text=The request is open again.")
    assert page.inner_text("#request-status .status-label") == "With the support team"


def test_request_pages_fit_a_phone_screen(browser_context_factory, live_server):
    page = browser_context_factory(viewport={"width": 360, "height": 740}).new_page()
    browser_login(page, live_server, "manager@example.com")
    for path in ("/requests?scope=company&status=all", "/requests/new", "/requests/1", "/"):
        page.goto(live_server.url + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} is {overflow}px wider than the screen"
