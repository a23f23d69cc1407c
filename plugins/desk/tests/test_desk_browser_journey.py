"""In Chromium: a customer posts, an agent notes and answers from the queue, the customer reads the answer."""
import pytest

from cc_core.testing import Mailbox, browser_login

pytestmark = [pytest.mark.browser, pytest.mark.cc_plugins("desk", "requests", "faq")]


def test_a_request_from_posting_to_answer(browser_context_factory, live_server, mailbox, tmp_path):
    customer = browser_context_factory().new_page()
    browser_login(customer, live_server, "demo@example.com")
    customer.goto(live_server.url + "/requests/new")
    customer.fill("#new-request-title", "Label printer prints blank pages")
    customer.select_option("#new-request-category", label="General question")
    customer.fill("#new-request-message", "Every second label comes out blank.")
    customer.click("#new-request button[type=submit]")
    customer.wait_for_selector("text=Your request has been sent")
    request_url = customer.url

    agent = browser_context_factory().new_page()
    browser_login(agent, live_server, "agent@example.com")
    agent.click("nav.main-nav >> text=Desk")
    assert agent.get_attribute('nav.desk-menu a[data-name="queue"]', "aria-current") == "page"
    agent.fill("#queue-q", "label printer")
    agent.press("#queue-q", "Enter")
    agent.click("#desk-queue >> text=Label printer prints blank pages")
    note = tmp_path / "printer-notes.txt"
    note.write_text("Firmware 1.2 has this bug.\n")
    agent.check("#desk-message-kind-1")
    agent.fill("#desk-message-message", "Known firmware bug; ask them to update.")
    agent.set_input_files("#desk-message-attachment", str(note))
    agent.click("#desk-message button[type=submit]")
    agent.wait_for_selector("text=The internal note was saved")
    assert agent.locator("article.message-internal", has_text="Known firmware bug").count() == 1
    agent.check("#desk-message-kind-0")
    agent.fill("#desk-message-message", "Please update the printer's firmware to 1.3.")
    agent.click("#desk-message button[type=submit]")
    agent.wait_for_selector("text=Your answer was saved and mailed to")
    assert agent.inner_text("#desk-request-status") == "Waiting for customer"
    agent.select_option("#desk-change-assignee", label="Alex Agent")
    agent.click("#desk-change button[type=submit]")
    agent.wait_for_selector("text=The changes were saved.")
    agent.screenshot(path=str(tmp_path / "desk-request.png"), full_page=True)

    customer.goto(request_url)
    assert customer.locator("article.message", has_text="update the printer's firmware").count() == 1
    assert "Known firmware bug" not in customer.content()
    assert "printer-notes.txt" not in customer.content()

    mailbox.wait_for(2)
    [mail] = [m for m in mailbox.to("demo@example.com") if "New answer" in str(m["Subject"])]
    assert "firmware to 1.3" in Mailbox.text(mail) and "Known firmware bug" not in Mailbox.text(mail)
    assert "+" in str(mail["Reply-To"])
    [link] = [url for url in Mailbox.links(mail) if "/requests/" in url]
    customer.goto(link.replace("http://localhost", live_server.url))
    assert customer.url == request_url
    assert customer.locator("article.message", has_text="update the printer's firmware").count() == 1


def test_the_queue_and_request_page_fit_a_phone_screen(browser_context_factory, live_server, tmp_path):
    page = browser_context_factory(viewport={"width": 360, "height": 740}).new_page()
    browser_login(page, live_server, "agent@example.com")
    for path in ("/desk", "/desk?status=all", "/desk/requests/1", "/desk/requests/1/publish"):
        page.goto(live_server.url + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} is {overflow}px wider than the screen"
    page.goto(live_server.url + "/desk/requests/1")
    page.screenshot(path=str(tmp_path / "desk-request-360.png"), full_page=True)
