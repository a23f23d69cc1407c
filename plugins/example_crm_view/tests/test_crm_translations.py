"""The catalogues: the template is current, Norwegian is complete, and it shows."""
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages import mofile, pofile

import cc_example_crm_view

pytestmark = pytest.mark.cc_plugins("example_crm_view")
PACKAGE = Path(cc_example_crm_view.__file__).resolve().parent
LOCALE = PACKAGE / "locale"
POT = LOCALE / "cc_example_crm_view.pot"
NB = LOCALE / "nb" / "LC_MESSAGES" / "cc_example_crm_view.po"
PLACEHOLDER = re.compile(r"\$\{\w+\}")


def read(path):
    with open(path, "rb") as fh:
        return pofile.read_po(fh)


def ids(catalog) -> set[str]:
    return {message.id for message in catalog if message.id}


def test_the_template_lists_every_message_of_the_sources(tmp_path):
    fresh = tmp_path / "fresh.pot"
    subprocess.run([str(Path(sys.executable).with_name("pot-create")), "-q", "-d", "cc_example_crm_view",
                    "-o", str(fresh), str(PACKAGE)], check=True, capture_output=True)
    assert ids(read(fresh)) == ids(read(POT)), "re-extract the .pot (see the README)"


def test_norwegian_translates_every_message():
    nb = read(NB)
    template = ids(read(POT))
    assert ids(nb) == template
    for message in nb:
        if not message.id:
            continue
        assert message.string, f"untranslated: {message.id!r}"
        assert not message.fuzzy, f"fuzzy: {message.id!r}"
        source = message.auto_comments and " ".join(message.auto_comments) or message.id
        expected = set(PLACEHOLDER.findall(message.id)) | set(PLACEHOLDER.findall(source))
        assert set(PLACEHOLDER.findall(message.string)) == expected, message.id


@pytest.fixture(scope="module")
def compiled():
    """Compile the catalogue where the portal looks for it (as the build does)."""
    with open(NB.with_suffix(".mo"), "wb") as fh:
        mofile.write_mo(fh, read(NB))


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
