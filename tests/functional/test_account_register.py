"""Registration: the form, the confirmation link, and what attackers try."""
import pytest
import sqlalchemy as sa

from cc_core.models import Company
from cc_core.testing import Mailbox
from cc_core.testing import person_by_email as cached_person_by_email

GOOD_PASSWORD = "blue-harbour-lantern-7"


def person_by_email(dbsession, email):
    """The person as the app left it (the test's session may hold an older copy)."""
    dbsession.expire_all()
    return cached_person_by_email(dbsession, email)


def register(testapp, email="new.customer@example.org", name="Nora New", password=GOOD_PASSWORD,
             confirm=None, phone="", status=None):
    form = testapp.get("/register").forms["register"]
    form["name"] = name
    form["email"] = email
    form["password"] = password
    form["password_confirm"] = password if confirm is None else confirm
    form["phone"] = phone
    return form.submit(status=status) if status else form.submit()


def confirmation_link(mailbox, email):
    mailbox.wait_for(1)
    messages = mailbox.to(email)
    assert len(messages) == 1, [m["Subject"] for m in mailbox.messages]
    links = [link for link in Mailbox.links(messages[0]) if "/register/confirm/" in link]
    assert links, Mailbox.text(messages[0])
    return links[0].replace("http://localhost", "")


def test_register_confirm_and_log_in(testapp, mailbox, dbsession):
    response = register(testapp, phone="+47 900 00 000")
    assert response.status_int == 303
    page = response.follow()
    assert "Check your mail" in page.text
    person = person_by_email(dbsession, "new.customer@example.org")
    assert person.name == "Nora New" and person.phone == "+47 900 00 000"
    assert not person.email_confirmed and person.company_id is None

    link = confirmation_link(mailbox, "new.customer@example.org")
    message = mailbox.to("new.customer@example.org")[0]
    assert message["Subject"] == "Confirm your e-mail address"
    assert message.get_body(preferencelist=("html",)) is not None
    assert "2 hours" in Mailbox.text(message)

    # Not usable before confirmation.
    login = testapp.get("/login").forms["login"]
    login["email"], login["password"] = "new.customer@example.org", GOOD_PASSWORD
    assert "confirm your e-mail address" in login.submit().text

    page = testapp.get(link)
    assert "new.customer@example.org" in page.text
    form = page.forms["register-confirm"]
    form["password"] = GOOD_PASSWORD
    home = form.submit().follow()
    assert "Nora New" in home.text and "Your e-mail address is confirmed" in home.text
    assert person_by_email(dbsession, "new.customer@example.org").email_confirmed


def test_the_confirmation_needs_the_password_chosen_at_sign_up(testapp, mailbox, dbsession):
    register(testapp)
    link = confirmation_link(mailbox, "new.customer@example.org")
    form = testapp.get(link).forms["register-confirm"]
    form["password"] = "somebody-elses-password"
    page = form.submit()
    assert page.status_int == 200 and "not the password this account was registered with" in page.text
    assert not person_by_email(dbsession, "new.customer@example.org").email_confirmed
    assert "Nora New" not in page.text


def test_a_confirmation_link_works_once(testapp, mailbox, new_testapp):
    register(testapp)
    link = confirmation_link(mailbox, "new.customer@example.org")
    form = testapp.get(link).forms["register-confirm"]
    form["password"] = GOOD_PASSWORD
    form.submit().follow()
    again = new_testapp().get(link, status=410)
    assert "already confirmed" in again.text
    assert "resend-link" not in again.forms


def test_opening_the_link_does_not_use_it(testapp, mailbox, dbsession):
    # Mail scanners fetch links: a GET must leave the link working.
    register(testapp)
    link = confirmation_link(mailbox, "new.customer@example.org")
    testapp.get(link)
    testapp.get(link)
    assert not person_by_email(dbsession, "new.customer@example.org").email_confirmed
    assert "register-confirm" in testapp.get(link).forms


def test_a_link_for_an_address_changed_since_is_dead(testapp, mailbox, dbsession):
    register(testapp)
    link = confirmation_link(mailbox, "new.customer@example.org")
    person = person_by_email(dbsession, "new.customer@example.org")
    person.email = "changed@example.org"
    dbsession.flush()
    page = testapp.get(link, status=410)
    assert "has changed since it was sent" in page.text


def test_an_existing_address_reveals_nothing_and_tells_the_owner(testapp, mailbox, new_testapp):
    fresh = register(testapp, email="someone.new@example.org")
    taken = register(new_testapp(), email="demo@example.com", name="Mallory")
    assert (fresh.status_int, fresh.location) == (taken.status_int, taken.location)
    mailbox.wait_for(2)
    [notice] = mailbox.to("demo@example.com")
    assert notice["Subject"] == "Someone tried to register your address"
    assert "nothing was changed" in Mailbox.text(notice)
    assert not [link for link in Mailbox.links(notice) if "/register/confirm/" in link]


def test_registering_again_before_confirming_mails_a_fresh_link_without_changing_the_password(
        testapp, mailbox, dbsession, new_testapp):
    register(testapp)
    first_hash = person_by_email(dbsession, "new.customer@example.org").password_hash
    register(new_testapp(), password="an-attackers-own-password")
    mailbox.wait_for(2)
    assert person_by_email(dbsession, "new.customer@example.org").password_hash == first_hash
    second = mailbox.to("new.customer@example.org")[1]
    assert any("/register/confirm/" in link for link in Mailbox.links(second))


@pytest.mark.parametrize("email", ["o'brien+support@mail.example.co.uk", "Mixed.Case@Example.ORG",
                                   "x@example.museum"])
def test_odd_but_valid_addresses_are_accepted(testapp, dbsession, email):
    response = register(testapp, email=email)
    assert response.status_int == 303
    assert person_by_email(dbsession, email.lower()) is not None


@pytest.mark.parametrize("email", ["no-at-sign.example.org", "two@@example.org", "a@b",
                                   "victim@example.org\r\nBcc: all@example.org"])
def test_invalid_addresses_are_refused(testapp, dbsession, email):
    page = register(testapp, email=email)
    assert page.status_int == 200 and 'id="register-email-error"' in page.text
    assert dbsession.scalar(sa.select(sa.func.count()).select_from(Company)) >= 1  # nothing broke


def test_header_injection_in_the_name_is_refused(testapp, mailbox, dbsession):
    page = register(testapp, name="Eve\r\nBcc: everyone@example.org")
    assert page.status_int == 200 and 'id="register-name-error"' in page.text
    assert person_by_email(dbsession, "new.customer@example.org") is None
    assert mailbox.messages == []


def test_names_are_escaped_in_pages_and_mail(testapp, mailbox, dbsession):
    register(testapp, name="<script>alert(1)</script> & Co")
    link = confirmation_link(mailbox, "new.customer@example.org")
    message = mailbox.to("new.customer@example.org")[0]
    assert "Hello <script>alert(1)</script> & Co," in Mailbox.text(message)
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "<script>" not in html and "&lt;script&gt;" in html
    form = testapp.get(link).forms["register-confirm"]
    form["password"] = GOOD_PASSWORD
    home = form.submit().follow()
    assert "<script>alert(1)</script>" not in home.text and "&lt;script&gt;" in home.text


@pytest.mark.parametrize(("password", "confirm", "message"), [
    ("short-pw", None, "at least 10 characters"),
    ("password123", None, "most common passwords"),
    ("nora.new.2024", None, "name or e-mail address"),
    (GOOD_PASSWORD, "something-else-entirely", "not the same"),
])
def test_the_password_policy_speaks_on_the_form(testapp, dbsession, password, confirm, message):
    page = register(testapp, name="Nora New", password=password, confirm=confirm)
    assert page.status_int == 200 and message in page.text
    assert page.forms["register"]["email"].value == "new.customer@example.org"
    assert password not in page.text.replace("password-help", "")
    assert person_by_email(dbsession, "new.customer@example.org") is None


def test_the_form_posts_only_with_a_csrf_token(testapp, dbsession):
    form = testapp.get("/register").forms["register"]
    form["name"], form["email"] = "Nora New", "new.customer@example.org"
    form["password"] = form["password_confirm"] = GOOD_PASSWORD
    form["csrf_token"] = "forged"
    form.submit(status=400)
    assert person_by_email(dbsession, "new.customer@example.org") is None


@pytest.mark.cc_settings({"cc.account.max_requests_per_client": "3"})
def test_registration_floods_are_throttled(testapp, mailbox):
    for number in range(3):
        assert register(testapp, email=f"flood{number}@example.org").status_int == 303
    page = register(testapp, email="flood9@example.org", status=429)
    assert "Too many attempts" in page.text
    mailbox.wait_for(3)
    assert len(mailbox.messages) == 3


@pytest.mark.cc_settings({"cc.account.max_mails_per_address": "2"})
def test_one_address_cannot_be_mailed_without_end(testapp, new_testapp, mailbox):
    register(testapp, email="victim@example.org")
    register(new_testapp("192.0.2.20"), email="victim@example.org")
    register(new_testapp("192.0.2.21"), email="victim@example.org", status=429)
    mailbox.wait_for(2)
    assert len(mailbox.to("victim@example.org")) == 2


@pytest.mark.cc_settings({"cc.registration": "closed", "cc.registration.contact": "support@example.com"})
def test_closed_registration_explains_whom_to_ask(testapp, dbsession):
    page = testapp.get("/register")
    assert "register" not in page.forms
    assert "ask support@example.com" in page.text
    assert "Create an account" in testapp.get("/login").text  # the page still explains itself


@pytest.mark.cc_settings({"cc.registration": "domains",
                          "cc.registration.domains": "\nexample.com = Example Ltd\npartner.example = Partner AS"})
def test_domain_registration_maps_to_companies(testapp, dbsession, new_testapp):
    page = testapp.get("/register")
    assert "example.com, partner.example" in page.text
    refused = register(testapp, email="someone@elsewhere.example")
    assert refused.status_int == 200 and "Addresses at elsewhere.example cannot register here" in refused.text
    assert register(testapp, email="new.hire@example.com").status_int == 303
    assert person_by_email(dbsession, "new.hire@example.com").company.name == "Example Ltd"
    assert register(new_testapp(), email="first@partner.example").status_int == 303
    assert person_by_email(dbsession, "first@partner.example").company.name == "Partner AS"


def test_a_logged_in_person_is_sent_home(testapp, login):
    login(testapp, "demo@example.com")
    assert testapp.get("/register").status_int == 303


def test_login_page_links_to_the_account_pages(testapp):
    page = testapp.get("/login")
    assert 'href="/password/forgot"' in page.text and 'href="/register"' in page.text
    assert "/login/link" not in page.text
