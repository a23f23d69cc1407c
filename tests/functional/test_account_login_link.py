"""Login links by e-mail: only where switched on, once, and only for confirmed accounts."""
import time

import pytest

from cc_core.testing import Mailbox, create_person, person_by_email

pytestmark = pytest.mark.cc_settings({"cc.login_links": "true"})


def ask_for_link(testapp, email="demo@example.com"):
    form = testapp.get("/login/link").forms["login-link"]
    form["email"] = email
    return form.submit()


def login_link(mailbox, email="demo@example.com"):
    mailbox.wait_for(1)
    [link] = [link for link in Mailbox.links(mailbox.to(email)[0]) if "/login/link/" in link]
    return link.replace("http://localhost", "")


def test_log_in_by_a_mailed_link(testapp, mailbox):
    assert 'href="/login/link"' in testapp.get("/login").text
    assert "If an account uses the address you gave" in ask_for_link(testapp).follow().text
    link = login_link(mailbox)
    assert mailbox.to("demo@example.com")[0]["Subject"] == "Your login link"
    page = testapp.get(link)
    assert "Log in as" in page.text and "Dana Demo" not in page.text  # opening it logs nobody in
    home = page.forms["login-link-use"].submit().follow()
    assert "Dana Demo" in home.text


def test_a_login_link_works_once(testapp, mailbox, new_testapp):
    ask_for_link(testapp)
    link = login_link(mailbox)
    form = testapp.get(link).forms["login-link-use"]
    form.submit()
    other = new_testapp("192.0.2.40")
    page = other.get(link, status=410)
    assert "already been used" in page.text
    assert "Dana Demo" not in other.get("/").text


def test_a_login_link_dies_when_the_password_changes(testapp, mailbox, dbsession):
    ask_for_link(testapp)
    link = login_link(mailbox)
    person = person_by_email(dbsession, "demo@example.com")
    person.session_version += 1
    dbsession.flush()
    assert "has changed since it was sent" in testapp.get(link, status=410).text


def test_unconfirmed_and_unknown_addresses_get_no_link(testapp, mailbox, dbsession, new_testapp):
    create_person(dbsession, email="pending@example.org", email_confirmed=False)
    first = ask_for_link(testapp, "pending@example.org")
    second = ask_for_link(new_testapp(), "nobody@example.org")
    assert first.location == second.location
    time.sleep(0.3)
    assert mailbox.messages == []


def test_a_reset_token_is_not_a_login_link(testapp, mailbox):
    form = testapp.get("/password/forgot").forms["password-forgot"]
    form["email"] = "demo@example.com"
    form.submit()
    mailbox.wait_for(1)
    [reset] = [link for link in Mailbox.links(mailbox.messages[0]) if "/password/reset/" in link]
    testapp.get("/login/link/" + reset.rsplit("/", 1)[1], status=404)


@pytest.mark.cc_settings({"cc.login_links": "false"})
def test_login_links_are_off_by_default(testapp):
    testapp.get("/login/link", status=404)
    testapp.get("/login/link/anything", status=404)
    assert "/login/link" not in testapp.get("/login").text
