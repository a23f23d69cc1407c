"""In Chromium: filing a request in a category with questions, with a file, with and without JavaScript."""
import pytest

from cc_core.testing import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.cc_plugins("requests")]


def fill_the_form(page, live_server, tmp_path):
    log = tmp_path / "gateway.log"
    log.write_text("2026-12-01 10:14:07 ERROR payment gateway timeout (order 88123)\n")
    page.goto(live_server.url + "/requests/new")
    page.fill("#new-request-title", "Invoice 2026-311 charged twice")
    page.fill("#new-request-message", "Two payments went out for one invoice.")
    page.set_input_files("#new-request-attachment", str(log))
    page.select_option("#new-request-category", label="Billing")


def test_with_javascript_the_questions_come_at_once_and_one_post_files_the_request(
        browser_context_factory, live_server, tmp_path):
    page = browser_context_factory().new_page()
    browser_login(page, live_server, "demo@example.com")
    posts = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" and "/requests/new" in r.url else None)
    fill_the_form(page, live_server, tmp_path)
    page.wait_for_selector("#new-request-field_invoice")
    assert page.locator(".error-summary").count() == 0
    # What was typed and chosen before the questions came is still there.
    assert page.input_value("#new-request-title") == "Invoice 2026-311 charged twice"
    assert page.evaluate("document.getElementById('new-request-attachment').files.length") == 1
    page.fill("#new-request-field_invoice", "2026-311")
    page.click("#new-request button[type=submit]")
    page.wait_for_selector("text=Your request has been sent")
    assert len(posts) == 1
    assert "2026-311" in page.inner_text(".request-details")
    assert page.locator(".attachments a", has_text="gateway.log").count() == 1


def test_choosing_another_category_swaps_the_questions(browser_context_factory, live_server, tmp_path):
    page = browser_context_factory().new_page()
    browser_login(page, live_server, "demo@example.com")
    fill_the_form(page, live_server, tmp_path)
    page.wait_for_selector("#new-request-field_invoice")
    page.select_option("#new-request-category", label="Technical problem")
    page.wait_for_selector("#new-request-field_product")
    assert page.locator("#new-request-field_invoice").count() == 0
    page.select_option("#new-request-category", label="General question")
    page.wait_for_selector("#new-request-custom-fields", state="detached")


def test_without_javascript_nothing_is_lost_on_the_way(browser_context_factory, live_server, tmp_path):
    page = browser_context_factory(java_script_enabled=False).new_page()
    browser_login(page, live_server, "demo@example.com")
    fill_the_form(page, live_server, tmp_path)
    page.click("#new-request button[type=submit]")
    page.wait_for_selector("#new-request-next-step")
    assert page.locator(".error-summary").count() == 0
    assert page.input_value("#new-request-title") == "Invoice 2026-311 charged twice"
    assert "gateway.log" in page.inner_text("#new-request-attachment-kept")
    page.fill("#new-request-field_invoice", "2026-311")
    page.click("#new-request button[type=submit]")
    page.wait_for_selector("text=Your request has been sent")
    assert page.locator(".attachments a", has_text="gateway.log").count() == 1


#: The dates on the page that break across lines anywhere but after the comma between date and time.
BROKEN_DATES = """() => {
  const broken = [];
  for (const time of document.querySelectorAll('main time')) {
    const text = time.firstChild;
    if (!text || text.nodeType !== Node.TEXT_NODE) { continue; }
    const range = document.createRange();
    let lineTop = null;
    for (let i = 0; i < text.length; i++) {
      range.setStart(text, i);
      range.setEnd(text, i + 1);
      const box = range.getBoundingClientRect();
      if (box.width === 0) { continue; }
      if (lineTop !== null && box.top > lineTop + 2 && !/,\\s*$/.test(text.data.slice(0, i))) {
        broken.push(text.data);
      }
      lineTop = box.top;
    }
  }
  return broken;
}"""


def test_a_date_never_breaks_across_lines_on_a_phone_in_norwegian(browser_context_factory, live_server):
    page = browser_context_factory(viewport={"width": 360, "height": 800}).new_page()
    browser_login(page, live_server, "colleague@example.com")   # prefers Norwegian
    for path in ("/requests?status=all", "/requests?status=all&scope=mine", "/requests/7", "/"):
        page.goto(live_server.url + path)
        assert page.evaluate(BROKEN_DATES) == [], path
