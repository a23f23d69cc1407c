"""The "was this helpful?" vote: counted once per person or browser, through the form pipeline."""
import pytest

from cc_faq import service
from cc_faq.models import Article
from faq_testing import csrf_token

pytestmark = pytest.mark.cc_plugins("faq")


@pytest.fixture
def article(dbsession):
    folder = service.create_folder(dbsession, "Votes")
    return service.create_article(dbsession, folder, "Is voting counted once?", "Yes.")


def vote(testapp, article, value):
    form = testapp.get(f"/faq/articles/{article.id}").forms["faq-vote"]
    return form.submit("helpful", value=value)


def hidden_fields(form) -> dict:
    return {name: fields[0].value for name, fields in form.fields.items() if name != "helpful"}


def counts(dbsession, article):
    dbsession.expire_all()
    row = dbsession.get(Article, article.id)
    return row.helpful_yes, row.helpful_no


def test_a_person_counts_once_and_may_change_their_mind(testapp, login, dbsession, article):
    login(testapp, "demo@example.com")
    response = vote(testapp, article, "yes")
    assert response.status_int == 303 and response.location.endswith(f"/faq/articles/{article.id}#feedback")
    page = response.follow()
    assert "Thank you for your answer." in page.text
    assert "You answered yes." in page.text
    assert "1 of 1 found this helpful." in page.text
    vote(testapp, article, "yes").follow()
    assert counts(dbsession, article) == (1, 0)
    vote(testapp, article, "no")
    assert counts(dbsession, article) == (0, 1)


def test_repeated_vote_says_it_counts_once(testapp, login, article):
    login(testapp, "demo@example.com")
    vote(testapp, article, "yes")
    page = vote(testapp, article, "yes").follow()
    assert "You had already given this answer: it is counted once." in page.text


def test_anonymous_browsers_count_once_each(testapp, new_testapp, dbsession, article):
    first = vote(testapp, article, "yes")
    cookie = next(c for c in first.headers.getall("Set-Cookie") if c.startswith("cc_faq_voter="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    vote(testapp, article, "yes")
    assert counts(dbsession, article) == (1, 0)
    other = new_testapp("192.0.2.50")
    vote(other, article, "no")
    assert counts(dbsession, article) == (1, 1)


def test_a_replayed_post_is_applied_once(testapp, login, dbsession, article):
    login(testapp, "demo@example.com")
    form = testapp.get(f"/faq/articles/{article.id}").forms["faq-vote"]
    form.submit("helpful", value="yes")
    again = form.submit("helpful", value="no")  # the same one-time token
    assert again.status_int == 303
    assert counts(dbsession, article) == (1, 0)


def test_post_without_csrf_token_is_refused(testapp, dbsession, article):
    form = testapp.get(f"/faq/articles/{article.id}").forms["faq-vote"]
    fields = {name: value for name, value in hidden_fields(form).items() if name != "csrf_token"}
    testapp.post(f"/faq/articles/{article.id}/vote", {**fields, "helpful": "yes"}, status=400)
    assert counts(dbsession, article) == (0, 0)


def test_a_form_shown_for_one_article_cannot_vote_on_another(testapp, dbsession, article):
    other = service.create_article(dbsession, service.create_folder(dbsession, "Other"), "Other?", "Other.")
    form = testapp.get(f"/faq/articles/{article.id}").forms["faq-vote"]
    form.action = f"/faq/articles/{other.id}/vote"
    page = form.submit("helpful", value="yes")
    assert page.status_int == 200 and "meant for another article" in page.text
    assert counts(dbsession, other) == (0, 0)


def test_tampered_state_is_refused(testapp, dbsession, article):
    form = testapp.get(f"/faq/articles/{article.id}").forms["faq-vote"]
    form["_state"] = form["_state"].value[:-2] + "xx"
    page = form.submit("helpful", value="yes", status=400)
    assert "altered" in page.text
    assert counts(dbsession, article) == (0, 0)


def test_bad_value_is_refused_with_a_message(testapp, dbsession, article):
    form = testapp.get(f"/faq/articles/{article.id}").forms["faq-vote"]
    fields = hidden_fields(form)
    page = testapp.post(f"/faq/articles/{article.id}/vote", {**fields, "helpful": "maybe"})
    assert page.status_int == 200 and page.html.select_one("#faq-vote-errors")
    assert counts(dbsession, article) == (0, 0)


def test_voting_on_an_article_you_may_not_see_is_404(testapp, login, dbsession):
    folder = service.create_folder(dbsession, "Staff", visibility="internal")
    hidden = service.create_article(dbsession, folder, "Hidden?", "Hidden.")
    login(testapp, "demo@example.com")
    testapp.post(f"/faq/articles/{hidden.id}/vote", {"csrf_token": csrf_token(testapp), "helpful": "yes"},
                 status=404)
    assert counts(dbsession, hidden) == (0, 0)


def test_get_on_the_vote_url_shows_the_article(testapp, article):
    response = testapp.get(f"/faq/articles/{article.id}/vote", status=303)
    assert response.location.endswith(f"/faq/articles/{article.id}#feedback")


def test_views_are_counted(testapp, dbsession, article):
    testapp.get(f"/faq/articles/{article.id}")
    testapp.get(f"/faq/articles/{article.id}")
    testapp.head(f"/faq/articles/{article.id}")
    dbsession.expire_all()
    assert dbsession.get(Article, article.id).view_count == 2


def test_record_vote_outcomes_and_counts(dbsession, article):
    from cc_faq.votes import record_vote

    assert record_vote(dbsession, article.id, "person:1", True) == "new"
    assert record_vote(dbsession, article.id, "person:1", True) == "same"
    assert record_vote(dbsession, article.id, "person:2", True) == "new"
    assert record_vote(dbsession, article.id, "person:1", False) == "changed"
    assert counts(dbsession, article) == (1, 1)


@pytest.mark.cc_plugins("faq", "preferences")
def test_the_persons_votes_are_in_the_download_of_their_data(testapp, login, article):
    import json

    login(testapp, "demo@example.com")
    vote(testapp, article, "yes").follow()
    data = json.loads(testapp.get("/preferences/data").text)
    [answer] = [v for v in data["faq_votes"] if v["article_id"] == article.id]
    assert answer["question"] == "Is voting counted once?" and answer["helpful"] is True
