"""Forgotten password: the mailed link, the new password, and the attacks on both."""
import time

import itsdangerous.timed
import pytest

from cc_core.testing import Mailbox
from cc_core.testing import person_by_email as cached_person_by_email

NEW_PASSWORD = "quiet-meadow-copper-41"


def person_by_email(dbsession, email):
    dbsession.expire_all()
    return cached_person_by_email(dbsession, email)


def ask_for_reset(testapp, email="demo@example.com", status=None):
    form = testapp.get("/password/forgot").forms["password-forgot"]
    form["email"] = email
    return form.submit(status=status) if status else form.submit()


def reset_link(mailbox, email="demo@example.com", index=0):
    mailbox.wait_for(index + 1)
    message = mailbox.to(email)[index]
    [link] = [link for link in Mailbox.links(message) if "/password/reset/" in link]
    return link.replace("http://localhost", "")


def choose(testapp, link, password=NEW_PASSWORD, confirm=None, status=None):
    form = testapp.get(link).forms["password-reset"]
    form["password"] = password
    form["password_confirm"] = password if confirm is None else confirm
    return form.submit(status=status) if status else form.submit()


def try_login(testapp, email, password):
    form = testapp.get("/login").forms["login"]
    form["email"], form["password"] = email, password
    return form.submit()


def test_forgot_reset_and_log_in_with_the_new_password(testapp, mailbox, dbsession):
    page = ask_for_reset(testapp).follow()
    assert "If an account uses the address you gave" in page.text
    link = reset_link(mailbox)
    message = mailbox.to("demo@example.com")[0]
    assert message["Subject"] == "Choose a new password" and "Hello Dana Demo," in Mailbox.text(message)
    login_page = choose(testapp, link).follow()
    assert "Your password has been changed" in login_page.text
    assert try_login(testapp, "demo@example.com", "demo-password").status_int == 200
    assert try_login(testapp, "demo@example.com", NEW_PASSWORD).status_int == 303
    mailbox.wait_for(2)
    assert mailbox.to("demo@example.com")[1]["Subject"] == "Your password has been changed"


def test_the_mail_is_in_the_recipients_language(testapp, mailbox):
    # colleague@example.com prefers Norwegian; the visitor asking browses in English.
    ask_for_reset(testapp, "colleague@example.com")
    message = mailbox.wait_for(1) and mailbox.to("colleague@example.com")[0]
    assert message["Subject"] == "Velg nytt passord"
    assert "Hei Colin Colleague," in Mailbox.text(message)


def test_an_unknown_address_looks_the_same_and_mails_nobody(testapp, mailbox, new_testapp):
    unknown = ask_for_reset(testapp, "nobody@example.org")
    known = ask_for_reset(new_testapp(), "demo@example.com")
    assert unknown.location == known.location
    mailbox.wait_for(1)
    time.sleep(0.2)
    assert [m["To"] for m in mailbox.messages] == ["demo@example.com"]


def test_a_reset_ends_every_other_session(testapp, mailbox, login, new_testapp):
    elsewhere = new_testapp()
    login(elsewhere, "demo@example.com")
    assert "Dana Demo" in elsewhere.get("/").text
    ask_for_reset(testapp)
    choose(testapp, reset_link(mailbox))
    assert "Dana Demo" not in elsewhere.get("/").text


def test_a_reset_link_works_once(testapp, mailbox, new_testapp):
    ask_for_reset(testapp)
    link = reset_link(mailbox)
    form = testapp.get(link).forms["password-reset"]
    form["password"] = form["password_confirm"] = NEW_PASSWORD
    form.submit()
    again = new_testapp().get(link, status=410)
    assert "already been used" in again.text
    assert "resend-link" in again.forms


def test_posting_the_same_reset_twice_applies_it_once(testapp, mailbox, dbsession):
    ask_for_reset(testapp)
    form = testapp.get(reset_link(mailbox)).forms["password-reset"]
    form["password"] = form["password_confirm"] = NEW_PASSWORD
    first = form.submit()
    version = person_by_email(dbsession, "demo@example.com").session_version
    second = form.submit(status=410)
    assert first.status_int == 303 and "already been used" in second.text
    assert person_by_email(dbsession, "demo@example.com").session_version == version


def test_an_older_link_dies_when_the_password_changes(testapp, mailbox):
    ask_for_reset(testapp)
    ask_for_reset(testapp)
    first, second = reset_link(mailbox, index=0), reset_link(mailbox, index=1)
    choose(testapp, second)
    page = testapp.get(first, status=410)
    assert "password or e-mail address has changed" in page.text


def test_an_expired_link_explains_itself_and_mails_a_fresh_one(testapp, mailbox, monkeypatch):
    ask_for_reset(testapp)
    link = reset_link(mailbox)
    now = time.time()
    monkeypatch.setattr(itsdangerous.timed.time, "time", lambda: now + 7201)
    page = testapp.get(link, status=410)
    assert "This link has expired" in page.text and "2 hours" in page.text
    # Still two hours later: the fresh link is issued, and used, then.
    sent = page.forms["resend-link"].submit().follow()
    assert "We have sent a new link" in sent.text
    fresh = reset_link(mailbox, index=1)
    assert fresh != link
    assert choose(testapp, fresh).status_int == 303


@pytest.mark.parametrize("mangle", [lambda t: t[:-3] + "abc", lambda t: t.split(".")[0], lambda t: "garbage"])
def test_forged_links_are_not_found_and_offer_no_resend(testapp, mailbox, mangle):
    ask_for_reset(testapp)
    link = reset_link(mailbox)
    prefix, token = link.rsplit("/", 1)
    page = testapp.get(f"{prefix}/{mangle(token)}", status=404)
    assert "This link is not valid" in page.text and "resend-link" not in page.forms
    assert 'href="/password/forgot"' in page.text


def test_another_purposes_token_is_not_a_reset_link(testapp, mailbox):
    form = testapp.get("/register").forms["register"]
    form["name"], form["email"] = "Nora New", "nora@example.org"
    form["password"] = form["password_confirm"] = "blue-harbour-lantern-7"
    form.submit()
    mailbox.wait_for(1)
    [confirm] = [link for link in Mailbox.links(mailbox.messages[0]) if "/register/confirm/" in link]
    token = confirm.rsplit("/", 1)[1]
    testapp.get(f"/password/reset/{token}", status=404)


def test_the_new_password_follows_the_policy(testapp, mailbox):
    ask_for_reset(testapp)
    link = reset_link(mailbox)
    page = choose(testapp, link, password="dana.demo.2024")
    assert page.status_int == 200 and "name or e-mail address" in page.text
    page = choose(testapp, link, password=NEW_PASSWORD, confirm="a-different-one-entirely")
    assert "not the same" in page.text
    assert NEW_PASSWORD not in page.text
    assert choose(testapp, link).status_int == 303  # refused attempts do not use the link up


def test_the_resend_button_mails_the_owner_not_the_visitor(testapp, mailbox, dbsession, new_testapp):
    ask_for_reset(testapp)
    link = reset_link(mailbox)
    choose(testapp, link)
    stranger = new_testapp("198.51.100.7")
    stranger.get(link, status=410).forms["resend-link"].submit()
    mailbox.wait_for(3)
    assert [m["To"] for m in mailbox.messages] == ["demo@example.com"] * 3


def test_a_tampered_resend_form_is_refused(testapp, mailbox):
    ask_for_reset(testapp)
    link = reset_link(mailbox)
    choose(testapp, link)
    form = testapp.get(link, status=410).forms["resend-link"]
    form["_state"] = form["_state"].value[:-4] + "AAAA"
    page = form.submit(status=400)
    assert "had been altered" in page.text
    time.sleep(0.2)
    assert len(mailbox.messages) == 2  # the reset mail and the "password changed" notice


@pytest.mark.cc_settings({"cc.account.max_mails_per_address": "2"})
def test_reset_mails_to_one_address_are_capped(testapp, mailbox, new_testapp):
    ask_for_reset(testapp)
    ask_for_reset(new_testapp("192.0.2.30"))
    page = ask_for_reset(new_testapp("192.0.2.31"), status=429)
    assert "Too many attempts" in page.text
    mailbox.wait_for(2)
    assert len(mailbox.messages) == 2


def test_a_reset_confirms_an_unconfirmed_address(testapp, mailbox, dbsession):
    person = person_by_email(dbsession, "demo@example.com")
    person.email_confirmed = False
    dbsession.flush()
    ask_for_reset(testapp)
    choose(testapp, reset_link(mailbox))
    assert person_by_email(dbsession, "demo@example.com").email_confirmed


def test_reset_pages_are_not_cached(testapp, mailbox):
    ask_for_reset(testapp)
    assert testapp.get(reset_link(mailbox)).headers["Cache-Control"] == "no-store"


def test_a_password_reset_forgets_the_accounts_failed_logins(testapp, mailbox):
    for _ in range(5):
        assert try_login(testapp, "demo@example.com", "wrong-guess").status_int == 200
    form = testapp.get("/login").forms["login"]
    form["email"], form["password"] = "demo@example.com", "demo-password"
    assert form.submit(status=429).status_int == 429
    ask_for_reset(testapp)
    choose(testapp, reset_link(mailbox))
    assert try_login(testapp, "demo@example.com", NEW_PASSWORD).status_int == 303
