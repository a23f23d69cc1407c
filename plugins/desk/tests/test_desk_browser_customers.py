"""In Chromium: an agent adds a customer, who sets a password by the mailed link."""
import pytest

from cc_core.testing import Mailbox, browser_login

pytestmark = [pytest.mark.browser, pytest.mark.cc_plugins("desk", "requests", "faq")]


def test_agent_adds_a_customer_who_then_logs_in(browser_context_factory, live_server, mailbox, tmp_path):
    agent = browser_context_factory().new_page()
    browser_login(agent, live_server, "agent@example.com")
    agent.click("nav.main-nav >> text=Desk")
    agent.click("nav.desk-menu >> text=Companies")
    agent.fill("#companies-q", "example")
    agent.press("#companies-q", "Enter")
    agent.click("#companies >> text=Example Ltd")
    agent.click("text=Add a person")
    agent.fill("#desk-person-new-name", "Brita Browser")
    agent.fill("#desk-person-new-email", "brita@example.com")
    agent.check("#desk-person-new-company_access")
    agent.click("#desk-person-new button[type=submit]")
    agent.wait_for_selector("text=Brita Browser was added")
    agent.screenshot(path=str(tmp_path / "desk-person.png"), full_page=True)

    mailbox.wait_for(1)
    [message] = mailbox.to("brita@example.com")
    [link] = [url for url in Mailbox.links(message) if "/password/reset/" in url]
    customer = browser_context_factory().new_page()
    customer.goto(link.replace("http://localhost", live_server.url))
    customer.fill("#password-reset-password", "brita's long passphrase")
    customer.fill("#password-reset-password_confirm", "brita's long passphrase")
    customer.click("#password-reset button[type=submit]")
    browser_login(customer, live_server, "brita@example.com", "brita's long passphrase")
    assert customer.inner_text(".user-name") == "Brita Browser"
    # Customers find no desk: no menu item, and the address says "not found".
    assert customer.locator("nav.main-nav >> text=Desk").count() == 0
    response = customer.goto(live_server.url + "/desk/customers")
    assert response.status == 404


def test_desk_pages_fit_a_phone_screen(browser_context_factory, live_server, tmp_path):
    page = browser_context_factory(viewport={"width": 360, "height": 740}).new_page()
    browser_login(page, live_server, "agent@example.com")
    for path in ("/desk/customers", "/desk/companies", "/desk/customers/new", "/faq/manage"):
        page.goto(live_server.url + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} is {overflow}px wider than the screen"
    page.goto(live_server.url + "/desk/customers")
    page.screenshot(path=str(tmp_path / "desk-customers-360.png"), full_page=True)
