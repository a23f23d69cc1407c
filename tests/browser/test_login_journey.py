"""Log in and out in real headless Chromium."""
import pytest

pytestmark = pytest.mark.browser


def test_login_logout_journey(browser_page, live_server, tmp_path):
    page = browser_page
    page.goto(live_server.url + "/")
    page.click("text=Log in")
    page.fill("#login-email", "demo@example.com")
    page.fill("#login-password", "demo-password")
    page.click("#login button[type=submit]")
    page.wait_for_selector(".user-name")
    assert page.inner_text(".user-name") == "Dana Demo"
    page.screenshot(path=str(tmp_path / "logged-in.png"), full_page=True)
    page.click("#logout-form button")
    page.wait_for_selector("text=You have been logged out.")
    assert page.locator(".user-name").count() == 0


def test_wrong_password_is_shown_with_focus_on_summary(browser_page, live_server):
    page = browser_page
    page.goto(live_server.url + "/login")
    page.fill("#login-email", "demo@example.com")
    page.fill("#login-password", "wrong")
    page.click("#login button[type=submit]")
    assert page.locator(".error-summary").is_visible()
    assert page.input_value("#login-email") == "demo@example.com"
    assert page.input_value("#login-password") == ""
