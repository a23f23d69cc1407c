"""The core's sign-in hooks carry a method that is not a password (the badge test plugin)."""
import pytest

from cc_core.testing import create_person
from tests.plugins import badge_sign_in

pytestmark = [pytest.mark.cc_plugins("hello", extra=[("badge", badge_sign_in)]),
              pytest.mark.cc_settings({"badge.codes": "B-42:demo@example.com B-7:boss@badge.example",
                                       "cc.login.max_failures_per_address": "3"})]


def csrf_of(testapp):
    return testapp.get("/login").forms["login"]["csrf_token"].value


def test_login_page_shows_the_methods_button(testapp):
    page = testapp.get("/login")
    button = page.html.select_one('.sign-in-entries a[data-method="badge"]')
    assert button is not None and button["href"] == "/badge"
    assert button.get_text(strip=True) == "Sign in with a badge"


def test_login_page_without_other_methods_has_no_buttons(testapp, app):
    pm = app.registry["cc.plugin_manager"]
    plugin = pm.unregister(name="badge")
    try:
        assert "sign-in-entries" not in testapp.get("/login").text
    finally:
        pm.register(plugin, name="badge")


def test_badge_sign_in_renews_session_rotates_csrf_and_sends_the_event(testapp):
    badge_sign_in.EVENTS.clear()
    before = csrf_of(testapp)
    cookie_before = testapp.cookies.get("cc_session")
    form = testapp.get("/badge").forms["badge"]
    form["badge"] = "B-42"
    response = form.submit()
    assert response.status_int == 303
    assert "Dana Demo" in response.follow().text
    assert testapp.cookies["cc_session"] != cookie_before
    assert testapp.get("/").forms["logout-form"]["csrf_token"].value != before
    assert badge_sign_in.EVENTS == [("login", "demo@example.com")]
    assert "cc_device" in testapp.cookies      # the browser is a known device, as after a password


def test_logout_of_a_badge_session_goes_to_the_methods_page(testapp):
    badge_sign_in.EVENTS.clear()
    form = testapp.get("/badge").forms["badge"]
    form["badge"] = "B-42"
    form.submit()
    response = testapp.get("/").forms["logout-form"].submit()
    assert response.status_int == 303 and response.location.endswith("/badge/bye")
    assert badge_sign_in.EVENTS[-1] == ("logout", "demo@example.com")
    assert "Dana Demo" not in testapp.get("/").text


def test_logout_of_a_password_session_goes_home(testapp, login):
    login(testapp, "demo@example.com")
    response = testapp.get("/").forms["logout-form"].submit()
    assert response.location.endswith("/")


def test_home_realm_discovery_sends_the_address_to_its_method(testapp, dbsession):
    create_person(dbsession, "boss@badge.example")
    form = testapp.get("/login").forms["login"]
    form["email"] = "Boss@Badge.example"
    form["password"] = "demo-password"   # the right password is not even looked at
    response = form.submit()
    assert response.status_int == 303 and response.location.endswith("/badge")
    assert "Log out" not in testapp.get("/").text


def test_other_addresses_still_need_a_password(testapp):
    form = testapp.get("/login").forms["login"]
    form["email"] = "demo@example.com"
    response = form.submit()
    assert response.status_int == 200
    assert "Enter your password." in response.text


def test_failed_attempts_of_another_method_are_throttled_per_address(testapp):
    for _ in range(3):
        form = testapp.get("/badge").forms["badge"]
        form["badge"] = "wrong"
        assert "Unknown badge." in form.submit().text
    form = testapp.get("/badge").forms["badge"]
    form["badge"] = "B-42"
    assert form.submit(expect_errors=True).status_int == 429


def test_a_method_may_let_form_posts_end_at_its_site(testapp):
    policy = testapp.get("/login").headers["Content-Security-Policy"]
    assert "form-action 'self' https://badge.example;" in policy


def test_without_such_a_method_forms_stay_on_this_site():
    from cc_core.headers import CSP, content_security_policy

    assert "form-action 'self';" in CSP
    assert content_security_policy({}) == CSP
