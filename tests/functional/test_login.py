"""Logging in and out through the real forms."""
import re


def test_login_and_logout(testapp, login):
    response = login(testapp, "demo@example.com").follow()
    assert "Dana Demo" in response.text
    home = testapp.get("/")
    response = home.forms["logout-form"].submit()
    assert response.status_int == 303
    assert "Dana Demo" not in response.follow().text


def test_wrong_password_keeps_email_and_never_echoes_password(testapp):
    form = testapp.get("/login").forms["login"]
    form["email"] = "demo@example.com"
    form["password"] = "not-the-password"
    response = form.submit()
    assert response.status_int == 200
    assert "do not match" in response.text
    assert response.forms["login"]["email"].value == "demo@example.com"
    assert "not-the-password" not in response.text


def test_unknown_email_gets_the_same_message(testapp):
    form = testapp.get("/login").forms["login"]
    form["email"] = "nobody@example.com"
    form["password"] = "whatever"
    unknown = form.submit()
    form = testapp.get("/login").forms["login"]
    form["email"] = "demo@example.com"
    form["password"] = "whatever"
    wrong = form.submit()
    message = re.compile(r'<div class="error-summary".*?</div>', re.S)
    assert message.search(unknown.text).group(0) == message.search(wrong.text).group(0)
