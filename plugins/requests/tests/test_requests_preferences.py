"""The preferences plugin's hooks, as the requests plugin implements them."""
import json

import pytest

from cc_core.testing import person_by_email
from requests_testing import internal_note, request_of

pytestmark = pytest.mark.cc_plugins("requests", "preferences")


def test_cc_preferences_fields_offers_message_order_and_reply_mails(testapp, login, dbsession):
    login(testapp, "demo@example.com")
    page = testapp.get("/preferences")
    group = page.html.select_one("fieldset.preference-group-requests")
    assert group is not None and "Requests" in group.get_text()
    form = page.forms["preferences"]
    assert form["requests_message_order"].value == "oldest"
    assert form["requests_notify_on_reply"].checked
    form["requests_message_order"] = "newest"
    form["requests_notify_on_reply"] = False
    form.submit(status=303)
    person = person_by_email(dbsession, "demo@example.com")
    dbsession.refresh(person)
    assert person.preference("requests_message_order") == "newest"
    assert person.preference("requests_notify_on_reply") is False
    req = request_of(dbsession, "demo@example.com", "colleague")
    ids = [int(a["id"].split("-")[1]) for a in testapp.get(f"/requests/{req.id}").html.select("article.message")]
    assert ids == sorted(ids, reverse=True)


@pytest.mark.cc_settings({"cc.requests.message_order": "newest"})
def test_the_preference_starts_at_the_installer_default(testapp, login):
    login(testapp, "demo@example.com")
    assert testapp.get("/preferences").forms["preferences"]["requests_message_order"].value == "newest"


def test_cc_preferences_export_has_own_requests_and_external_messages_only(testapp, login, dbsession):
    login(testapp, "demo@example.com")
    data = json.loads(testapp.get("/preferences/data").text)
    exported = data["requests"]
    titles = {item["title"] for item in exported}
    assert "Invoice 2024-117 is charged twice" in titles
    assert "Delivery address on orders is wrong" not in titles  # the colleague's
    erp = request_of(dbsession, "demo@example.com", "ERP")
    [item] = [r for r in exported if r["id"] == erp.id]
    bodies = [m["body"] for m in item["messages"]]
    assert internal_note(dbsession, erp).body not in bodies
    assert len(bodies) == 2 and item["messages"][0]["attachments"][0]["filename"] == "orders-sample.csv"
    assert internal_note(dbsession, erp).body not in json.dumps(data)


def test_the_export_has_what_the_person_wrote_on_colleagues_requests(testapp, login, dbsession):
    theirs = request_of(dbsession, "colleague@example.com")
    login(testapp, "manager@example.com")   # company access: answers colleagues' requests too
    form = testapp.get(f"/requests/{theirs.id}").forms["reply"]
    form["message"] = "I asked our IT about this as well."
    form.submit(status=303)
    data = json.loads(testapp.get("/preferences/data").text)
    assert theirs.id not in {item["id"] for item in data["requests"]}
    [written] = [m for m in data["requests_messages_elsewhere"] if m["request_id"] == theirs.id]
    assert written["body"] == "I asked our IT about this as well." and written["request_title"] == theirs.title
    assert all(m["request_id"] != theirs.id or m["body"] == written["body"]
               for m in data["requests_messages_elsewhere"])
