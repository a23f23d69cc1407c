"""Account journeys in real headless Chromium, with the mail read from the test SMTP server."""
import re

import pytest

from cc_core.testing import Mailbox

pytestmark = pytest.mark.browser
PASSWORD = "marble-lighthouse-fern-3"


def mailed_link(mailbox, address, path_part):
    mailbox.wait_for(1)
    messages = mailbox.to(address)
    assert messages, f"no mail to {address}"
    [link] = [link for link in Mailbox.links(messages[-1]) if path_part in link]
    return link


def log_in(page, live_server, email, password):
    page.goto(live_server.url + "/login")
    page.fill("#login-email", email)
    page.fill("#login-password", password)
    page.click("#login button[type=submit]")
    page.wait_for_load_state()


def test_register_confirm_by_the_mailed_link_and_log_in(browser_page, live_server, mailbox, tmp_path):
    page = browser_page
    page.goto(live_server.url + "/login")
    page.click("text=Create an account")
    page.fill("#register-name", "Rita Register")
    page.fill("#register-email", "rita.register@example.org")
    page.fill("#register-password", PASSWORD)
    page.fill("#register-password_confirm", PASSWORD)
    page.click("#register button[type=submit]")
    page.wait_for_selector("h1:has-text('Check your mail')")

    page.goto(mailed_link(mailbox, "rita.register@example.org", "/register/confirm/"))
    assert "rita.register@example.org" in page.inner_text("main")
    page.fill("#register-confirm-password", PASSWORD)
    page.click("#register-confirm button[type=submit]")
    page.wait_for_selector(".user-name")
    assert page.inner_text(".user-name") == "Rita Register"
    assert "Your e-mail address is confirmed" in page.inner_text(".messages")
    page.screenshot(path=str(tmp_path / "registered.png"), full_page=True)

    page.click("#logout-form button")
    page.wait_for_selector("text=You have been logged out.")
    log_in(page, live_server, "rita.register@example.org", PASSWORD)
    assert page.inner_text(".user-name") == "Rita Register"


def test_forgot_reset_and_log_in_with_the_new_password(browser_page, live_server, mailbox):
    page = browser_page
    page.goto(live_server.url + "/login")
    page.click("text=Forgot your password?")
    page.fill("#password-forgot-email", "manager@example.com")
    page.click("#password-forgot button[type=submit]")
    page.wait_for_selector("h1:has-text('Check your mail')")

    page.goto(mailed_link(mailbox, "manager@example.com", "/password/reset/"))
    page.fill("#password-reset-password", "password123")
    page.fill("#password-reset-password_confirm", "password123")
    page.click("#password-reset button[type=submit]")
    assert page.locator(".error-summary").is_visible()
    assert "most common passwords" in page.inner_text("#password-reset-password-error")

    page.fill("#password-reset-password", PASSWORD)
    page.fill("#password-reset-password_confirm", PASSWORD)
    page.click("#password-reset button[type=submit]")
    page.wait_for_selector("text=Your password has been changed")
    assert page.url.endswith("/login")

    log_in(page, live_server, "manager@example.com", "demo-password")
    assert page.locator(".user-name").count() == 0
    log_in(page, live_server, "manager@example.com", PASSWORD)
    assert page.inner_text(".user-name") == "Mona Manager"


def test_switch_to_norwegian_and_see_the_whole_page_in_norwegian(browser_page, live_server, tmp_path):
    page = browser_page
    page.goto(live_server.url + "/password/forgot")
    page.select_option("#language-select", "nb")
    page.click("#language-form button[type=submit]")
    page.wait_for_selector("html[lang=nb]")
    assert page.url.endswith("/password/forgot")
    main = page.inner_text("body")
    assert "Glemt passordet?" in main and "Send meg en lenke" in main and "Språk" in main
    for english in ("Forgot your password", "Log in", "Language", "Skip to content", "E-mail address"):
        assert english not in main
    page.screenshot(path=str(tmp_path / "norsk.png"), full_page=True)
    page.goto(live_server.url + "/")  # the choice holds on the next page
    assert re.search(r"Velkommen til", page.inner_text("main"))


def test_account_pages_fit_a_phone_screen(browser_context_factory, live_server):
    page = browser_context_factory(viewport={"width": 360, "height": 740}).new_page()
    for path in ("/register", "/password/forgot", "/account/sent/register", "/password/reset/not-a-token"):
        page.goto(live_server.url + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} is {overflow}px wider than the screen"
