"""The catalogues: the template is current, Norwegian is complete, and it shows."""
from pathlib import Path

import pytest
from babel.messages import mofile, pofile

import cc_example_crm_view
from cc_core.testing import catalogue_problems

pytestmark = pytest.mark.cc_plugins("example_crm_view")
PACKAGE = Path(cc_example_crm_view.__file__).resolve().parent
NB = PACKAGE / "locale" / "nb" / "LC_MESSAGES" / "cc_example_crm_view.po"


def test_the_catalogues_are_current_and_complete():
    assert catalogue_problems(PACKAGE, "cc_example_crm_view") == []


@pytest.fixture(scope="module")
def compiled():
    """Compile the catalogue where the portal looks for it (as the build does)."""
    with open(NB.with_suffix(".mo"), "wb") as fh:
        with open(NB, "rb") as po:
            mofile.write_mo(fh, pofile.read_po(po))


# A setting of its own gives this module an app built after the compile, so
# no localizer cached before the .mo existed is reused.
@pytest.mark.cc_settings({"example_crm_view.page_size": "5"})
def test_a_norwegian_manager_gets_norwegian_pages(compiled, testapp, login, dbsession):
    from cc_core.testing import person_by_email

    person_by_email(dbsession, "manager@example.com").language = "nb"
    dbsession.flush()
    login(testapp, "manager@example.com")
    page = testapp.get("/company").html
    assert page.select_one("#details-title").text == "Firmaopplysninger"
    assert page.select_one("#records-title").text == "Produkter og avtaler"
    assert page.select_one('nav.main-nav a[href="/company"]').text == "Firma"
    assert "Side 1 av" in page.select_one("nav.pager").text
    form = testapp.get("/company/edit").forms["company-edit"]
    form["phone"] = "ring meg"
    error = form.submit().html.select_one("#company-edit-phone-error").text
    assert error == "Skriv inn et telefonnummer, for eksempel +47 22 00 00 00."
    panel = testapp.get("/").html.select_one(".panel-company")
    assert panel.h2.text == "Firmaet ditt"
