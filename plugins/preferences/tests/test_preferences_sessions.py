"""Logging out everywhere else, and what a copied cookie can do after a logout."""
import pytest

from cc_core.testing import do_login, person_by_email

pytestmark = pytest.mark.cc_plugins("preferences")


def browser_with(new_testapp, cookie, address="203.0.113.66"):
    other = new_testapp(address)
    other.set_cookie("cc_session", cookie)
    return other


def test_log_out_everywhere_else_ends_other_sessions_and_keeps_this_one(testapp, new_testapp, dbsession):
    do_login(testapp, "demo@example.com")
    laptop = new_testapp("198.51.100.20")
    do_login(laptop, "demo@example.com")
    page = testapp.get("/preferences/sessions")
    assert "every other device and browser" in page.text
    before = person_by_email(dbsession, "demo@example.com").session_version

    response = page.forms["preferences-sessions"].submit(status=303).follow()
    assert "You have been logged out on every other device and browser." in response.text
    assert testapp.get("/preferences").status_int == 200
    assert "/login" in laptop.get("/preferences", status=303).location
    dbsession.expire_all()
    assert person_by_email(dbsession, "demo@example.com").session_version == before + 1


def test_log_out_everywhere_needs_the_csrf_token(testapp, new_testapp):
    do_login(testapp, "demo@example.com")
    laptop = new_testapp("198.51.100.20")
    do_login(laptop, "demo@example.com")
    testapp.post("/preferences/sessions", {}, status=400)
    assert laptop.get("/preferences").status_int == 200


def test_a_cookie_saved_before_logout_can_neither_read_nor_change_preferences(testapp, new_testapp, dbsession):
    do_login(testapp, "demo@example.com")
    saved = testapp.cookies["cc_session"]
    form = browser_with(new_testapp, saved).get("/preferences").forms["preferences"]  # the attacker's copy works
    testapp.get("/").forms["logout-form"].submit(status=303)

    attacker = browser_with(new_testapp, saved)
    assert "/login" in attacker.get("/preferences", status=303).location
    form["name"] = "Mallory"
    # Anonymous now: the forbidden view answers a post to a customer page with 404.
    attacker.post("/preferences", dict(form.submit_fields()), status=404)
    dbsession.expire_all()
    assert person_by_email(dbsession, "demo@example.com").name == "Dana Demo"
