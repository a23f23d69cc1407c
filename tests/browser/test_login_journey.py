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


def test_pages_fit_a_phone_screen_without_sideways_scrolling(browser_context_factory, live_server, tmp_path):
    page = browser_context_factory(viewport={"width": 360, "height": 740}).new_page()
    for path in ("/", "/login", "/no-such-page"):
        page.goto(live_server.url + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} is {overflow}px wider than the screen"
    page.goto(live_server.url + "/login")
    page.screenshot(path=str(tmp_path / "login-360.png"), full_page=True)


def test_keyboard_user_reaches_the_form_through_the_skip_link(browser_page, live_server):
    page = browser_page
    page.goto(live_server.url + "/login")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "login-email"
