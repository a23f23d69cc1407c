"""In Chromium at 1280 px: the request page's sidebar keeps its words whole."""
import pytest

from cc_core.testing import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.cc_plugins("desk", "requests")]

#: For each fact of the sidebar: its text, its width, and the width of its widest word (in the fact's font).
FACT_WIDTHS = """() => {
  const probe = document.createElement('span');
  probe.style.whiteSpace = 'nowrap';
  probe.style.position = 'absolute';
  document.body.appendChild(probe);
  const facts = Array.from(document.querySelectorAll('.desk-facts dd, .desk-facts dt')).map(cell => {
    probe.style.font = getComputedStyle(cell).font;
    let widest = 0;
    for (const word of cell.innerText.split(/\\s+/).filter(Boolean)) {
      probe.textContent = word;
      widest = Math.max(widest, probe.getBoundingClientRect().width);
    }
    return {text: cell.innerText, width: cell.getBoundingClientRect().width, widest: widest};
  });
  probe.remove();
  return facts;
}"""


def test_the_request_sidebar_never_breaks_a_word_at_1280_px(browser_context_factory, live_server):
    page = browser_context_factory(viewport={"width": 1280, "height": 900}).new_page()
    browser_login(page, live_server, "agent@example.com")
    page.goto(live_server.url + "/desk")
    page.click("#desk-queue >> text=The web shop checkout fails with a timeout")
    # The click navigates: measure the request page once it is there, not the queue as it unloads.
    page.wait_for_selector(".desk-facts dd")
    facts = page.evaluate(FACT_WIDTHS)
    assert len(facts) >= 8, facts   # received, assignee, category, priority, status and the answers
    broken = [fact for fact in facts if fact["width"] + 0.5 < min(fact["widest"], 160)]
    assert broken == [], broken
