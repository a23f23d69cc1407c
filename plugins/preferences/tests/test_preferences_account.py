"""Password and e-mail changes, and the data download, including what attackers try."""
import json

import pytest

import prefs_testplugin
from cc_core.testing import Mailbox, create_person
from cc_core.testing import person_by_email as cached_person_by_email

pytestmark = pytest.mark.cc_plugins("preferences", extra=[("testprefs", prefs_testplugin)])
NEW_PASSWORD = "granite-orchard-violin-8"


def person_by_email(dbsession, email):
    dbsession.expire_all()
    return cached_person_by_email(dbsession, email)


def change_password(testapp, current="demo-password", new=NEW_PASSWORD, again=None):
    form = testapp.get("/preferences/password").forms["preferences-password"]
    form["current_password"] = current
    form["password"] = new
    form["password_confirm"] = new if again is None else again
    return form.submit()


def ask_for_email_change(testapp, new="dana.new@example.org", password="demo-password"):
    form = testapp.get("/preferences/email").forms["preferences-email"]
    form["email"] = new
    form["current_password"] = password
    return form.submit()


def confirm_link(mailbox, address):
    mailbox.wait_for(1)
    [link] = [link for link in Mailbox.links(mailbox.to(address)[0]) if "/preferences/email/confirm/" in link]
    return link.replace("http://localhost", "")


# -- password -------------------------------------------------------------------

def test_changing_the_password_ends_other_sessions_but_keeps_this_one(testapp, login, new_testapp, mailbox):
    login(testapp, "demo@example.com")
    elsewhere = new_testapp("192.0.2.50")
    login(elsewhere, "demo@example.com")
    page = change_password(testapp).follow()
    assert "Your password has been changed" in page.text and "Dana Demo" in page.text
    assert "Dana Demo" in testapp.get("/").text
    assert "Dana Demo" not in elsewhere.get("/").text
    assert elsewhere.get("/preferences").status_int == 303
    mailbox.wait_for(1)
    assert mailbox.to("demo@example.com")[0]["Subject"] == "Your password has been changed"


def test_the_current_password_is_required(testapp, login, dbsession):
    login(testapp, "demo@example.com")
    before = person_by_email(dbsession, "demo@example.com").password_hash
    page = change_password(testapp, current="wrong-password")
    assert page.status_int == 200 and "That is not your current password." in page.text
    assert NEW_PASSWORD not in page.text and "wrong-password" not in page.text
    assert person_by_email(dbsession, "demo@example.com").password_hash == before


def test_guessing_the_current_password_is_throttled(testapp, login):
    login(testapp, "demo@example.com")
    for _ in range(5):
        change_password(testapp, current="guess-guess-guess")
    form = testapp.get("/preferences/password").forms["preferences-password"]
    form["current_password"] = "demo-password"
    form["password"] = form["password_confirm"] = NEW_PASSWORD
    assert form.submit(status=429).status_int == 429


@pytest.mark.parametrize(("new", "again", "message"), [
    ("short", None, "at least 10 characters"),
    ("qwertyuiop", None, "most common passwords"),
    ("DanaDemo2025", None, "name or e-mail address"),
    (NEW_PASSWORD, "not-the-same-at-all", "not the same"),
    ("demo-password", None, "same as the current one"),
])
def test_the_new_password_follows_the_policy(testapp, login, new, again, message):
    login(testapp, "demo@example.com")
    page = change_password(testapp, new=new, again=again)
    assert page.status_int == 200 and message in page.text


def test_the_password_form_needs_a_csrf_token(testapp, login, dbsession):
    login(testapp, "demo@example.com")
    form = testapp.get("/preferences/password").forms["preferences-password"]
    form["current_password"] = "demo-password"
    form["password"] = form["password_confirm"] = NEW_PASSWORD
    form["csrf_token"] = "forged"
    form.submit(status=400)


# -- e-mail address ---------------------------------------------------------------

def test_changing_the_address_by_the_mailed_link(testapp, login, mailbox, dbsession):
    login(testapp, "demo@example.com")
    page = ask_for_email_change(testapp).follow()
    assert "We have sent a link to dana.new@example.org" in page.text
    assert person_by_email(dbsession, "demo@example.com") is not None  # nothing changed yet
    link = confirm_link(mailbox, "dana.new@example.org")
    page = testapp.get(link)
    assert "dana.new@example.org" in page.text
    done = page.forms["preferences-email-confirm"].submit().follow()
    assert "Your e-mail address is now dana.new@example.org" in done.text
    assert person_by_email(dbsession, "dana.new@example.org").name == "Dana Demo"
    mailbox.wait_for(2)
    [notice] = mailbox.to("demo@example.com")
    assert notice["Subject"] == "Your e-mail address has been changed"
    assert "dana.new@example.org" in Mailbox.text(notice)
    assert "Dana Demo" in testapp.get("/").text  # still logged in
    testapp.get(link, status=410)  # used


def test_a_taken_address_is_not_revealed(testapp, login, mailbox, dbsession):
    login(testapp, "demo@example.com")
    page = ask_for_email_change(testapp, new="other@example.net").follow()
    assert "We have sent a link to other@example.net" in page.text
    mailbox.wait_for(1)
    [notice] = mailbox.to("other@example.net")
    assert notice["Subject"] == "Someone tried to move an account to this address"
    assert "/preferences/email/confirm/" not in Mailbox.text(notice)
    assert person_by_email(dbsession, "demo@example.com") is not None


def test_an_address_taken_after_the_link_was_sent_is_refused(testapp, login, mailbox, dbsession):
    login(testapp, "demo@example.com")
    ask_for_email_change(testapp)
    link = confirm_link(mailbox, "dana.new@example.org")
    create_person(dbsession, email="dana.new@example.org")
    page = testapp.get(link).forms["preferences-email-confirm"].submit()
    assert "Another account has started using dana.new@example.org" in page.text
    assert person_by_email(dbsession, "demo@example.com") is not None


def test_a_link_for_an_address_changed_since_is_dead(testapp, login, mailbox, dbsession):
    login(testapp, "demo@example.com")
    ask_for_email_change(testapp, new="first.choice@example.org")
    ask_for_email_change(testapp, new="second.choice@example.org")
    mailbox.wait_for(2)
    first = confirm_link(mailbox, "first.choice@example.org")
    second = confirm_link(mailbox, "second.choice@example.org")
    testapp.get(second).forms["preferences-email-confirm"].submit()
    page = testapp.get(first, status=410)
    assert "password or e-mail address has changed" in page.text
    assert person_by_email(dbsession, "second.choice@example.org") is not None


def test_a_password_change_kills_a_pending_address_link(testapp, login, mailbox):
    login(testapp, "demo@example.com")
    ask_for_email_change(testapp)
    link = confirm_link(mailbox, "dana.new@example.org")
    change_password(testapp)
    testapp.get(link, status=410)


def test_forged_and_foreign_tokens_are_not_found(testapp, login, mailbox):
    login(testapp, "demo@example.com")
    ask_for_email_change(testapp)
    link = confirm_link(mailbox, "dana.new@example.org")
    testapp.get(link[:-4] + "AAAA", status=404)
    form = testapp.get("/password/forgot").forms["password-forgot"]
    form["email"] = "demo@example.com"
    form.submit()
    mailbox.wait_for(2)
    [reset] = [x for x in Mailbox.links(mailbox.to("demo@example.com")[0]) if "/password/reset/" in x]
    testapp.get("/preferences/email/confirm/" + reset.rsplit("/", 1)[1], status=404)


def test_the_address_change_needs_the_current_password(testapp, login, mailbox):
    login(testapp, "demo@example.com")
    page = ask_for_email_change(testapp, password="not-my-password")
    assert "That is not your current password." in page.text
    assert mailbox.messages == []


@pytest.mark.parametrize("address", ["not-an-address", "a@b", "demo@example.com",
                                     "x@example.org\r\nBcc: all@example.org"])
def test_bad_new_addresses_are_refused(testapp, login, mailbox, address):
    login(testapp, "demo@example.com")
    page = ask_for_email_change(testapp, new=address)
    assert page.status_int == 200 and 'id="preferences-email-email-error"' in page.text
    assert mailbox.messages == []


# -- my data ------------------------------------------------------------------------

def test_the_data_download_holds_everything_but_secrets(testapp, login, dbsession):
    person = person_by_email(dbsession, "demo@example.com")
    person.set_preference("testprefs_colour", "red")
    dbsession.flush()
    login(testapp, "demo@example.com")
    response = testapp.get("/preferences/data")
    assert response.content_type == "application/json"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="my-data-')
    data = json.loads(response.text)
    assert data["person"]["email"] == "demo@example.com" and data["person"]["name"] == "Dana Demo"
    assert data["company"]["name"] == "Example Ltd"
    assert data["preferences"] == {"testprefs_colour": "red"}
    assert data["testprefs"] == {"colour": "red"}  # from cc_preferences_export
    assert "password_hash" not in response.text and "session_version" not in response.text
    assert "argon2" not in response.text


def test_the_data_download_is_the_viewers_own(testapp, login):
    login(testapp, "other@example.net")
    data = testapp.get("/preferences/data").json
    assert data["person"]["email"] == "other@example.net" and "Dana" not in json.dumps(data)


def test_anonymous_visitors_get_no_data(testapp):
    assert testapp.get("/preferences/data").status_int == 303
