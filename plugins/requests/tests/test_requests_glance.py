"""Status at a glance and the thread: badges, relative dates, cards, the support team's answers, one main action."""
import pytest
import sqlalchemy as sa

from cc_core.testing import person_by_email
from cc_requests.models import Message
from requests_testing import request_of

pytestmark = pytest.mark.cc_plugins("requests")


def badges(page):
    return {span["class"][1]: (span.select_one(".status-mark").get_text(), span.select_one(".status-label").get_text())
            for span in page.html.select("td.col-status > span.status")}


def test_each_status_has_the_customers_wording_and_a_mark_of_its_own(testapp, login):
    login(testapp, "demo@example.com")
    shown = badges(testapp.get("/requests?status=all"))
    assert {key: label for key, (_mark, label) in shown.items()} == {
        "status-open": "With the support team", "status-waiting": "Awaiting your reply", "status-closed": "Solved"}
    marks = [mark for mark, _label in shown.values()]
    assert len(set(marks)) == 3  # told apart without colour
    for mark in testapp.get("/requests?status=all").html.select(".status-mark"):
        assert mark["aria-hidden"] == "true"


def test_the_badges_speak_norwegian_to_a_norwegian(testapp, login):
    login(testapp, "colleague@example.com")
    labels = {label for _mark, label in badges(testapp.get("/requests?status=all")).values()}
    assert labels == {"Hos kundestøtten", "Løst"}


def test_both_dates_of_the_list_are_relative_with_the_exact_time_at_hand(testapp, login, dbsession):
    login(testapp, "demo@example.com")
    page = testapp.get("/requests?status=all")
    req = request_of(dbsession, "demo@example.com", "ERP")
    row = page.html.select_one(f"#request-row-{req.id}")
    for column, moment in (("col-created", req.created_at), ("col-updated", req.updated_at)):
        time = row.select_one(f"td.{column} time.relative-time")
        assert time["tabindex"] == "0"  # the exact time shows on keyboard focus too
        assert time["datetime"].startswith(moment.strftime("%Y-%m-%d"))
        relative = time.contents[0].strip()
        assert relative.endswith("ago") and relative[0].isdigit()
        assert str(moment.year) in time.select_one(".exact-time").get_text()


def test_every_cell_carries_its_heading_for_the_phone_cards(testapp, login):
    login(testapp, "manager@example.com")
    page = testapp.get("/requests?status=all&scope=company")
    headings = [th.get_text(" ", strip=True).rstrip("▲▼ ") for th in page.html.select("#request-table thead th")]
    for row in page.html.select("#request-table tbody tr"):
        assert [td["data-label"] for td in row.select("td")] == headings


def test_the_support_teams_answers_are_marked_with_name_and_role(testapp, login, dbsession):
    req = request_of(dbsession, "demo@example.com", "ERP")
    login(testapp, "demo@example.com")
    page = testapp.get(f"/requests/{req.id}")
    agent = person_by_email(dbsession, "agent@example.com")
    for message in dbsession.scalars(sa.select(Message).where(Message.request_id == req.id,
                                                              Message.is_external.is_(True))):
        article = page.html.select_one(f"#message-{message.id}")
        staff = message.author_id == agent.id
        assert ("message-staff" in article["class"]) == staff
        role = article.select_one(".message-role")
        assert (role.get_text() if role else None) == ("Support team" if staff else None)
        if staff:
            assert article.select_one(".message-author strong").get_text() == agent.name


def test_the_customers_turn_is_said_above_the_reply_box(testapp, login, dbsession):
    login(testapp, "demo@example.com")
    waiting = testapp.get(f"/requests/{request_of(dbsession, 'demo@example.com', 'Invoice').id}")
    section = waiting.html.select_one("#reply").parent
    turn = section.select_one("#your-turn")
    assert turn.get_text(" ", strip=True).endswith("We are waiting for your answer.")
    assert section.index(turn) < section.index(section.select_one("#reply"))
    other = testapp.get(f"/requests/{request_of(dbsession, 'demo@example.com', 'checkout').id}")
    assert other.html.select_one("#your-turn") is None


def test_a_solved_request_shows_one_main_action_and_rating_after_an_answer(testapp, login, dbsession):
    login(testapp, "demo@example.com")
    page = testapp.get(f"/requests/{request_of(dbsession, 'demo@example.com', 'ERP').id}")
    main_buttons = page.html.select("main button.primary")
    assert [button.find_parent("form")["id"] for button in main_buttons] == ["reply"]
    assert "reopen" in page.forms and "rate" in page.forms
    assert page.html.select_one("#reply-title").get_text() == "Still need help?"


@pytest.mark.cc_settings({"cc.requests.reopen_on_reply": "false"})
def test_when_a_reply_cannot_reopen_reopening_is_the_main_action(testapp, login, dbsession):
    login(testapp, "demo@example.com")
    page = testapp.get(f"/requests/{request_of(dbsession, 'demo@example.com', 'ERP').id}")
    assert [button.find_parent("form")["id"] for button in page.html.select("main button.primary")] == ["reopen"]


def test_nothing_to_rate_before_the_support_team_answered(testapp, login, dbsession):
    req = request_of(dbsession, "demo@example.com", "checkout")
    rated = request_of(dbsession, "demo@example.com", "ERP")
    login(testapp, "demo@example.com")
    page = testapp.get(f"/requests/{req.id}").forms["close"].submit(status=303).follow()
    assert "rate" not in page.forms and page.html.select_one("#rating") is None
    # A rating posted anyway (an old page, a crafted post) is refused.
    form = testapp.get(f"/requests/{rated.id}").forms["rate"]
    form.action = f"/requests/{req.id}/rate"
    form["rating"] = "2"
    refused = form.submit()
    assert refused.status_int == 200 and "once the support team has answered" in refused.text
    dbsession.refresh(req)
    assert req.rating is None
