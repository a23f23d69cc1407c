"""Creating a person: the form, its checks, and the mailed link to choose a password."""
import pytest

from cc_core.testing import Mailbox, person_by_email

pytestmark = pytest.mark.cc_plugins("desk", "requests")


def new_person_form(agent, company_id=None):
    url = "/desk/customers/new" + (f"?company={company_id}" if company_id else "")
    return agent.get(url).forms["desk-person-new"]


def test_create_a_company_person_who_then_sets_a_password_and_logs_in(agent, dbsession, mailbox,
                                                                        new_testapp, login):
    demo = person_by_email(dbsession, "demo@example.com")
    form = new_person_form(agent, demo.company_id)
    form["name"] = "Nora Nyansatt"
    form["email"] = "Nora@Example.com"
    form["language"] = "nb"
    form["company_access"] = True
    page = form.submit().follow()
    assert "Nora Nyansatt was added" in page.text
    person = person_by_email(dbsession, "nora@example.com")
    assert person.company_id == demo.company_id and person.company_access and not person.is_staff
    assert person.password_hash == ""

    mailbox.wait_for(1)
    [message] = mailbox.to("nora@example.com")
    text = Mailbox.text(message)
    assert "Hei Nora Nyansatt" in text  # in the new person's language
    [link] = [url for url in Mailbox.links(message) if "/password/reset/" in url]

    browser = new_testapp()
    reset = browser.get(link.replace("http://localhost", ""))
    form = reset.forms["password-reset"]
    form["password"] = form["password_confirm"] = "a long and new passphrase"
    assert form.submit().status_int == 303
    login(browser, "nora@example.com", "a long and new passphrase")


def test_a_person_without_company(agent, dbsession):
    form = new_person_form(agent)
    form["name"] = "Sam Staff"
    form["email"] = "sam@example.com"
    form["is_staff"] = True
    form.submit().follow()
    person = person_by_email(dbsession, "sam@example.com")
    assert person.company_id is None and person.is_staff


def test_bad_input_is_shown_again_with_messages(agent, dbsession):
    form = new_person_form(agent)
    form["name"] = "Dup Licate"
    form["email"] = "DEMO@example.com"
    form["is_manager"] = True
    page = form.submit()
    assert page.status_int == 200
    assert "Somebody already has this e-mail address." in page.text
    assert "Only a person who belongs to a company can manage it." in page.text
    assert page.forms["desk-person-new"]["name"].value == "Dup Licate"
    form = page.forms["desk-person-new"]
    form["email"] = "not an address"
    assert "Enter an e-mail address like name@example.com." in form.submit().text
    form["email"] = "injected@example.com"
    form["name"] = "Eve\r\nBcc: victim@example.com"
    assert "Use a single line without special characters." in form.submit().text
    assert person_by_email(dbsession, "injected@example.com") is None


def test_the_company_travels_signed(agent, dbsession):
    demo = person_by_email(dbsession, "demo@example.com")
    other = person_by_email(dbsession, "other@example.net")
    form = new_person_form(agent, demo.company_id)
    # Changing the query string of the action does not move the person elsewhere.
    form.action = f"/desk/customers/new?company={other.company_id}"
    form["name"] = "Signed State"
    form["email"] = "signed@example.com"
    form.submit().follow()
    assert person_by_email(dbsession, "signed@example.com").company_id == demo.company_id


def test_mail_a_new_link_from_the_person_page(agent, dbsession, mailbox):
    demo = person_by_email(dbsession, "demo@example.com")
    page = agent.get(f"/desk/customers/{demo.id}").forms["desk-person-invite"].submit().follow()
    assert "A link to choose a password was mailed to demo@example.com." in page.text
    mailbox.wait_for(1)
    [message] = mailbox.to("demo@example.com")
    assert any("/password/reset/" in url for url in Mailbox.links(message))
