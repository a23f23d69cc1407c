"""The desk's request page: a note keeps the note choice, the FAQ draft skips greetings, inputs are styled."""
import pytest

from cc_desk.request_page.faq_draft import draft_answer, without_pleasantries
from cc_requests import public as rq
from desk_testing import answer, demo_request


@pytest.mark.cc_plugins("desk", "requests")
def test_after_an_internal_note_the_next_message_is_a_note_too(agent, dbsession):
    req = demo_request(dbsession, "checkout fails")
    page = answer(agent, req.id, "Checked the gateway logs: nothing on our side.", kind="note").follow()
    assert page.forms["desk-message"]["kind"].value == "note"
    # An answer puts it back to "answer to the customer".
    page = answer(agent, req.id, "Could you send the order numbers?").follow()
    assert page.forms["desk-message"]["kind"].value == "reply"


@pytest.mark.cc_plugins("desk", "requests")
def test_a_fresh_request_page_still_starts_with_an_answer(agent, dbsession):
    req = demo_request(dbsession, "checkout fails")
    assert agent.get(f"/desk/requests/{req.id}").forms["desk-message"]["kind"].value == "reply"


@pytest.mark.cc_plugins("desk", "requests", "faq")
def test_the_faq_draft_leaves_out_the_greeting_and_sign_off(agent, dbsession):
    req = demo_request(dbsession, "price list")
    answer(agent, req.id, "Hi Dana,\n\nThe 2025 price list is on the Prices page.\n\nBest regards,\nAlex")
    form = agent.get(f"/desk/requests/{req.id}/publish").forms["desk-publish"]
    assert form["answer"].value == "The 2025 price list is on the Prices page."
    assert rq.messages_of(dbsession, req, include_internal=False)[-1].body.startswith("Hi Dana,")


@pytest.mark.parametrize("body, kept", [
    ("Hello Dana!\nRestart the app.", "Restart the app."),
    ("Hei Dana,\n\nStart appen på nytt.\n\nMed vennlig hilsen\nAlex", "Start appen på nytt."),
    ("Dear Mr Berg,\nIt is fixed.\nThanks,\nAlex", "It is fixed."),
    ("Thanks for the log: the timeout is ours.\nFixed in 4.2.", "Thanks for the log: the timeout is ours.\n"
                                                               "Fixed in 4.2."),
    ("Highly unusual: restart it.", "Highly unusual: restart it."),
])
def test_greetings_and_sign_offs_are_recognised_in_english_and_norwegian(body, kept):
    assert without_pleasantries(body) == kept


def test_answers_that_were_only_pleasantries_leave_no_empty_paragraphs():
    assert draft_answer(["Hi Dana,", "Use the new rolls.", "Kind regards,\nAlex"]) == "Use the new rolls."


@pytest.mark.cc_plugins("desk", "requests", "faq")
def test_the_desks_text_inputs_have_a_type_the_layout_styles(agent, dbsession):
    req = demo_request(dbsession, "price list")
    question = agent.get(f"/desk/requests/{req.id}/publish").html.select_one("#desk-publish-question")
    assert question["type"] == "text"
