"""Publish to the FAQ: a draft article through the desk's hook, and no trace of it without the FAQ."""
import pytest
import sqlalchemy as sa

from cc_desk.models import HistoryEntry
from desk_testing import demo_request


@pytest.mark.cc_plugins("desk", "requests", "faq")
def test_a_request_becomes_a_draft_faq_article(agent, dbsession):
    req = demo_request(dbsession, "colleague to our account")
    page = agent.get(f"/desk/requests/{req.id}")
    form = agent.get(page.html.select_one("#desk-publish-link")["href"]).forms["desk-publish"]
    assert form["question"].value == req.title
    # Staff's answers to the customer, never the customer's words or internal notes.
    assert form["answer"].value == "Your company manager (Mona) can add her; I have sent Mona the steps."
    form["question"] = "How do I give a colleague access?"
    form["answer"] = "Ask your company manager to add them under **Company**."
    edit = form.submit(status=303)
    assert edit.location.startswith("http://localhost/faq/manage/articles/")
    assert "How do I give a colleague access?" in edit.follow().text
    [entry] = dbsession.scalars(sa.select(HistoryEntry).where(HistoryEntry.request_id == req.id,
                                                              HistoryEntry.field == "faq")).all()
    thread = agent.get(f"/desk/requests/{req.id}").html.select_one("#thread")
    assert thread.select_one(f'a[href="{entry.new_value}"]').text == "draft FAQ article"
    # The draft is for staff only until somebody publishes it.
    agent.post("/logout", {"csrf_token": agent.get("/").forms["logout-form"]["csrf_token"].value})
    assert "How do I give a colleague access?" not in agent.get("/faq/search", {"q": "colleague access"}).text


@pytest.mark.cc_plugins("desk", "requests", "faq")
def test_the_question_and_answer_are_required(agent, dbsession):
    req = demo_request(dbsession, "price list")
    form = agent.get(f"/desk/requests/{req.id}/publish").forms["desk-publish"]
    page = form.submit(status=200)
    assert "Write the answer." in page.text  # nobody from staff has answered yet


@pytest.mark.cc_plugins("desk", "requests")
def test_without_the_faq_there_is_no_button_and_no_page(agent, dbsession, demo_ids):
    req = demo_request(dbsession, "colleague to our account")
    page = agent.get(f"/desk/requests/{req.id}")
    assert page.html.select_one("#desk-publish-link") is None
    agent.get(f"/desk/requests/{req.id}/publish", status=404)
    token = agent.get("/").forms["logout-form"]["csrf_token"].value
    agent.post(f"/desk/requests/{req.id}/publish", {"csrf_token": token, "question": "q", "answer": "a"},
               status=404)
    assert "FAQ" not in [a.text for a in page.html.select("nav.desk-menu a")]
