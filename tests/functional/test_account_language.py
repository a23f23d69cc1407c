"""Switching to Norwegian shows the whole page in Norwegian, for visitors and persons alike."""
import re

import pytest
from bs4 import BeautifulSoup

from cc_core.testing import person_by_email

# English words that must not survive on a Norwegian page (whole words, visible text only).
ENGLISH = re.compile(r"\b(Log in|Log out|Home|Language|Change|Skip to content|Password|E-mail address|"
                     r"Forgot your password|Create an account|Welcome|Check your mail|This link)\b")


def visible_text(page) -> str:
    soup = BeautifulSoup(page.text, "html.parser")
    for tag in soup(["script", "style", "option"]):
        tag.decompose()  # language names are shown in their own language on purpose
    return " ".join(soup.get_text(" ").split())


def switch_to_norwegian(testapp, path="/"):
    form = testapp.get(path).forms["language-form"]
    form["language"] = "nb"
    return form.submit().follow()


@pytest.mark.parametrize("path", ["/", "/login", "/register", "/password/forgot", "/account/sent/reset"])
def test_an_anonymous_visitor_switches_and_sees_norwegian(testapp, path):
    page = switch_to_norwegian(testapp, path)
    assert page.request.path == path
    assert '<html lang="nb"' in page.text
    text = visible_text(page)
    assert not ENGLISH.search(text), ENGLISH.search(text).group(0)
    assert "Logg inn" in text and "Språk" in text
    # The cookie keeps it on the next page too.
    assert '<html lang="nb"' in testapp.get("/login").text


def test_forms_speak_norwegian_when_refusing(testapp):
    switch_to_norwegian(testapp, "/register")
    form = testapp.get("/register").forms["register"]
    form["name"], form["email"] = "Nora Ny", "nora@example.org"
    form["password"] = form["password_confirm"] = "kort"
    page = form.submit()
    assert "Rett opp dette" in page.text and "Bruk minst 10 tegn." in page.text


def test_a_stale_link_explains_itself_in_norwegian(testapp):
    switch_to_norwegian(testapp)
    page = testapp.get("/password/reset/forged-token", status=404)
    assert "Denne lenken er ugyldig" in page.text and "Begynn på nytt" in page.text


def test_a_person_switching_keeps_norwegian_as_their_preference(testapp, login, dbsession, new_testapp):
    login(testapp, "demo@example.com")
    page = switch_to_norwegian(testapp)
    assert "Logg ut" in page.text and "Hei, Dana Demo." in page.text
    dbsession.expire_all()
    assert person_by_email(dbsession, "demo@example.com").language == "nb"
    elsewhere = new_testapp("192.0.2.60")  # no cookie there: the preference decides
    login(elsewhere, "demo@example.com")
    assert '<html lang="nb"' in elsewhere.get("/").text


def test_the_preference_beats_the_browser(testapp, login):
    # colleague@example.com prefers Norwegian; the browser asks for English.
    testapp.extra_environ["HTTP_ACCEPT_LANGUAGE"] = "en-GB,en;q=0.9"
    login(testapp, "colleague@example.com")
    assert '<html lang="nb"' in testapp.get("/").text


def test_times_are_shown_in_the_persons_time_zone_and_language(app, dbsession):
    import datetime as dt

    from pyramid.request import Request
    from pyramid.scripting import prepare

    person = person_by_email(dbsession, "other@example.net")  # Europe/London
    person.language = "nb"
    env = prepare(registry=app.registry, request=Request.blank("/"))
    request = env["request"]
    try:
        request.__dict__["person"] = person
        moment = dt.datetime(2025, 1, 15, 12, 0, tzinfo=dt.timezone.utc)
        assert request.fmt.datetime(moment, "short") == "15.01.2025, 12:00"
        person.timezone = "Asia/Tokyo"
        request.__dict__.pop("fmt", None)  # reified per request; a new request would see the change
        assert request.fmt.datetime(moment, "short") == "15.01.2025, 21:00"
    finally:
        env["closer"]()
