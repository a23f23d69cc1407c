"""The core's one-time-link pages keep the same rules, whatever the purpose.

Registration confirm, password reset and login link are built by one
helper (``cc_core.link_pages``): a page holding a live token is never
cached, a used or forged link answers the stale page, and a link used up
by another request while its form was open is refused on the form.
"""
from types import SimpleNamespace

import pytest

from cc_core import link_pages
from cc_core.testing import create_person
from cc_core.tokens import check_token, consume_token, issue_token

pytestmark = pytest.mark.cc_settings({"cc.login_links": "true"})

GOOD_PASSWORD = "a long enough pass phrase"

#: purpose: (link path, form id, fields the form needs to succeed)
LINKS = {
    "register": ("/register/confirm/{}", "register-confirm", {"password": "demo-password"}),
    "reset": ("/password/reset/{}", "password-reset", {"password": GOOD_PASSWORD, "password_confirm": GOOD_PASSWORD}),
    "login": ("/login/link/{}", "login-link-use", {}),
}


def token_for(cc_settings, dbsession, purpose):
    person = create_person(dbsession, email=f"{purpose}.link@example.org", email_confirmed=purpose != "register")
    request = SimpleNamespace(registry=SimpleNamespace(settings=cc_settings), dbsession=dbsession)
    return request, issue_token(request, purpose, person)


@pytest.mark.parametrize("purpose", sorted(LINKS))
def test_a_links_page_is_never_cached(testapp, cc_settings, dbsession, purpose):
    path, form_id, _ = LINKS[purpose]
    _, token = token_for(cc_settings, dbsession, purpose)
    page = testapp.get(path.format(token))
    assert form_id in page.forms
    assert page.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("purpose", sorted(LINKS))
def test_a_used_link_shows_the_stale_page(testapp, cc_settings, dbsession, purpose):
    path, _, _ = LINKS[purpose]
    request, token = token_for(cc_settings, dbsession, purpose)
    consume_token(request, check_token(request, purpose, token))
    page = testapp.get(path.format(token), status=410)
    assert "already been used" in page.text
    assert page.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("purpose", sorted(LINKS))
def test_a_forged_link_is_not_found(testapp, purpose):
    path, _, _ = LINKS[purpose]
    page = testapp.get(path.format("forged.token.value"), status=404)
    assert page.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("purpose", sorted(LINKS))
def test_a_link_used_between_check_and_use_is_refused_on_the_form(testapp, cc_settings, dbsession, monkeypatch,
                                                                  purpose):
    """Two presses racing on two workers: both pass the check, only the first may use the link."""
    path, form_id, values = LINKS[purpose]
    request, token = token_for(cc_settings, dbsession, purpose)
    form = testapp.get(path.format(token)).forms[form_id]
    for name, value in values.items():
        form[name] = value

    def checked_then_used_elsewhere(*args, **kwargs):
        link = check_token(*args, **kwargs)
        consume_token(request, link)  # the other worker's request, done in between
        return link

    monkeypatch.setattr(link_pages, "check_token", checked_then_used_elsewhere)
    page = form.submit()
    assert page.status_int == 200
    assert "This link has already been used." in page.text
    assert f"{purpose}.link@example.org" not in testapp.get("/").text  # nobody was logged in
