"""Every customer and desk page in Chromium at 1280 px and 360 px: no axe WCAG 2.1 A/AA violation.

The tour also saves the pictures of the key pages into docs/screenshots/
(the README and docs show them), so they follow the pages as they change.
"""
from pathlib import Path

import pytest

from cc_core.testing import browser_login

pytestmark = [pytest.mark.browser,
              pytest.mark.cc_plugins("requests", "faq", "preferences", "desk", "example_crm_view")]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
#: A page of the tour may be the first of its kind the server renders (templates compile then).
NAVIGATION_TIMEOUT_MS = 30_000
WIDTHS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 360, "height": 740}}
#: Pages whose picture is kept, by role: name → path.
PICTURED = {"customer": {"home", "requests", "request-waiting", "new-request", "search", "faq-article"},
            "agent": {"desk-queue", "desk-request", "faq-translate"}, "visitor": {"home", "search-did-you-mean"}}


def request_path(page, base, title_part):
    page.goto(base + "/requests?status=all&scope=company")
    return page.get_attribute(f"#request-table a:has-text('{title_part}')", "href")


def visitor_pages(page, base):
    return [("home", "/"), ("search", "/search?q=password"), ("search-empty", "/search?q=zzzqqq"),
            ("search-did-you-mean", "/search?q=pasword"), ("faq-did-you-mean", "/faq/search?q=pasword"),
            ("login", "/login"), ("register", "/register"), ("forgot-password", "/password/forgot"),
            ("faq", "/faq"), ("faq-search", "/faq/search?q=password"), ("not-found", "/no-such-page")]


def customer_pages(page, base):
    waiting = request_path(page, base, "Invoice 2024-117")
    solved = request_path(page, base, "ERP")
    page.goto(base + "/faq/search?q=password")
    article = page.get_attribute(".search-results a[href*='/faq/articles/'], main a[href*='/faq/articles/']",
                                 "href")
    return [("home", "/"), ("search", "/search?q=invoice"), ("requests", "/requests"),
            ("requests-company", "/requests?status=all&scope=company"), ("new-request", "/requests/new"),
            ("request-waiting", waiting), ("request-solved", solved), ("faq", "/faq"), ("faq-article", article),
            ("preferences", "/preferences"), ("password", "/preferences/password"),
            ("sessions", "/preferences/sessions"), ("company", "/company"), ("company-edit", "/company/edit")]


def agent_pages(page, base):
    page.goto(base + "/desk")
    ticket = page.get_attribute("main table a[href*='/desk/requests/']", "href")
    page.goto(base + "/faq/search?q=password")
    article = page.get_attribute("main a[href*='/faq/articles/']", "href").rsplit("/", 1)[1]
    return [("desk-queue", "/desk"), ("desk-request", ticket), ("desk-customers", "/desk/customers"),
            ("desk-new-customer", "/desk/customers/new"), ("desk-companies", "/desk/companies"),
            ("desk-failed-mail", "/desk/failed-mail"), ("faq-manage", "/faq/manage"),
            ("faq-manage-article", f"/faq/manage/articles/{article}"),
            ("faq-translate", f"/faq/manage/articles/{article}/versions?language=nb")]


ROLES = {"visitor": (None, visitor_pages), "customer": ("manager@example.com", customer_pages),
         "agent": ("agent@example.com", agent_pages)}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("role", ROLES)
def test_every_page_passes_axe(browser_context_factory, live_server, axe_check, role, width):
    page = browser_context_factory(viewport=WIDTHS[width]).new_page()
    page.set_default_timeout(NAVIGATION_TIMEOUT_MS)
    email, pages = ROLES[role]
    if email:
        browser_login(page, live_server, email)
    found, scanned = {}, []
    for name, path in pages(page, live_server.url):
        assert path, f"{role}: no link found for {name}"
        response = page.goto(live_server.url + path if path.startswith("/") else path)
        assert response.status in (200, 404), f"{path} answered {response.status}"
        scanned.append(name)
        problems = axe_check(page)
        if problems:
            found[name] = problems
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} is {overflow}px wider than the screen"
        if name in PICTURED.get(role, ()):
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / f"{role}-{name}-{width}.png"))
    assert found == {}
    assert len(scanned) == len(pages(page, live_server.url))


def test_page_states_pass_axe_too(browser_context_factory, live_server, axe_check):
    """States a plain visit does not show: suggestions while typing, a refused form."""
    page = browser_context_factory(viewport=WIDTHS["desktop"]).new_page()
    page.set_default_timeout(NAVIGATION_TIMEOUT_MS)
    browser_login(page, live_server, "demo@example.com")
    page.goto(live_server.url + "/")
    page.type("#site-search-q", "passw", delay=20)
    page.wait_for_selector("#site-search-suggestions a")
    assert axe_check(page) == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "customer-home-suggestions-desktop.png"))
    page.goto(live_server.url + "/requests/new")
    page.click("#new-request button[type=submit]")
    page.wait_for_selector(".error-summary")
    assert axe_check(page) == []


def test_the_checker_finds_a_violation_where_there_is_one(browser_context_factory, live_server, axe_check):
    page = browser_context_factory().new_page()
    page.goto(live_server.url + "/login")
    page.evaluate("document.querySelector('label[for=login-email]').remove()")
    assert "label" in {problem["id"] for problem in axe_check(page)}
