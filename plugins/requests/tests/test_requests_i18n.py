"""The pages and the confirmation mail speak the person's language (colleague@example.com: Norwegian)."""
import pytest

from cc_core.testing import Mailbox
from requests_testing import new_request_form

pytestmark = pytest.mark.cc_plugins("requests")


def test_norwegian_pages(testapp, login):
    login(testapp, "colleague@example.com")
    page = testapp.get("/requests?status=all")
    assert "Mine saker" in page.html.select_one("nav.main-nav").get_text()
    assert page.html.select_one("th.col-title a").get_text().startswith("Tittel")
    assert "Løst" in page.html.select_one("#request-table").get_text()
    form = testapp.get("/requests/new").forms["new-request"]
    assert "Generelt spørsmål" in [text for _v, _s, text in form["category"].options]


def test_the_confirmation_mail_is_in_the_owners_language(testapp, login, mailbox):
    login(testapp, "colleague@example.com")
    new_request_form(testapp, title="Skriveren virker ikke", category_text="Generelt spørsmål").submit(status=303)
    [message] = mailbox.wait_for(1)
    assert message["Subject"].startswith("[#") and "Vi har mottatt saken din" in message["Subject"]
    assert "Følg den, legg til mer eller lukk den her:" in Mailbox.text(message)
