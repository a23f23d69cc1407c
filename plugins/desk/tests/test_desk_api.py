"""The desk in the JSON API: staff tokens work the queue, read whole threads, answer, note and change.

Everybody else finds nothing there (404), whatever they send.
"""
import pytest
import sqlalchemy as sa

from cc_core.testing import api_token, create_person, fuzz_api, person_by_email, response_problems
from cc_desk.models import HistoryEntry, Ticket
from cc_requests import public as rq
from desk_testing import demo_request, staff_id

pytestmark = [pytest.mark.cc_plugins("desk", "requests"), pytest.mark.cc_settings({"cc.api.rate_limit": "100000"})]

QUEUE = "/api/v1/desk/requests"
ONE = QUEUE + "/{id}"


@pytest.fixture
def document(testapp):
    return testapp.get("/api/v1/openapi.json").json


@pytest.fixture
def staff(dbsession):
    return api_token(dbsession, "agent@example.com")


def conforms(document, method, path, response):
    assert response_problems(document, method, path, response) == []
    return response


def with_internal_note(dbsession) -> rq.Request:
    """A demo request whose thread holds an internal note."""
    return dbsession.scalars(sa.select(rq.Request).join(rq.Message)
                             .where(rq.Message.is_external.is_(False)).order_by(rq.Request.id)).first()


def test_the_queue_pages_with_the_desks_filters(testapp, dbsession, document, staff):
    every = sorted(dbsession.scalars(sa.select(rq.Request.id)).all())
    first = conforms(document, "GET", QUEUE, testapp.get(QUEUE, params={"status": "all", "sort": "id", "limit": 2},
                                                         headers=staff))
    assert [item["id"] for item in first.json["items"]] == every[:2]
    second = testapp.get(QUEUE, params={"status": "all", "sort": "id", "limit": 2, "cursor": first.json["next"]},
                         headers=staff)
    assert [item["id"] for item in second.json["items"]] == every[2:4]
    # Open requests by default, as the page shows them.
    assert {item["status"] for item in testapp.get(QUEUE, headers=staff).json["items"]} <= {rq.OPEN}
    target = demo_request(dbsession, "price list")
    found = testapp.get(QUEUE, params={"status": "all", "q": f"#{target.id}"}, headers=staff).json["items"]
    assert [item["id"] for item in found] == [target.id]
    assert found[0]["owner"]["id"] == target.owner_id and found[0]["company"]["id"] == target.company_id


def test_assigned_to_me_and_unassigned(testapp, dbsession, staff):
    target = demo_request(dbsession, "price list")
    mine = {"status": "all", "assignee": "me"}
    assert target.id not in [i["id"] for i in testapp.get(QUEUE, params=mine, headers=staff).json["items"]]
    testapp.patch_json(ONE.format(id=target.id), {"assignee": str(staff_id(dbsession))}, headers=staff)
    assigned = testapp.get(QUEUE, params=mine, headers=staff).json["items"]
    assert target.id in [i["id"] for i in assigned]
    assert all(i["assignee"]["id"] == staff_id(dbsession) for i in assigned)
    nobodys = testapp.get(QUEUE, params={"status": "all", "assignee": "none", "limit": 100}, headers=staff)
    assert target.id not in [i["id"] for i in nobodys.json["items"]]
    assert all(i["assignee"] is None for i in nobodys.json["items"])


def test_refused_queue_parameters_are_named(testapp, document, staff):
    bad = conforms(document, "GET", QUEUE, testapp.get(
        QUEUE, params={"status": "lost", "assignee": "you", "owner": "x1", "limit": "0", "q": "a" * 300},
        headers=staff, status=422))
    assert set(bad.json["errors"]) == {"status", "assignee", "owner", "limit", "q"}
    assert bad.content_type == "application/problem+json"


def test_an_id_too_big_for_the_column_is_refused_not_a_server_error(testapp, login, staff):
    """PostgreSQL refuses to compare an integer column with 7343218301: the filter must never reach it."""
    answer = testapp.get(QUEUE, params={"priority": "7343218301", "status": "closed"}, headers=staff, status=422)
    assert set(answer.json["errors"]) == {"priority"}
    login(testapp, "agent@example.com")
    assert testapp.get("/desk", params={"priority": "7343218301", "owner": "99999999999"}).status_int == 200


def test_one_request_has_its_whole_thread_and_history(testapp, dbsession, document, staff):
    req = with_internal_note(dbsession)
    body = conforms(document, "GET", ONE, testapp.get(ONE.format(id=req.id), headers=staff)).json
    notes = [m for m in body["messages"] if m["internal"]]
    assert notes and len(body["messages"]) == len(rq.messages_of(dbsession, req, include_internal=True))
    # The customer's API never shows the note.
    owner = api_token(dbsession, req.owner.email, scope="read")
    theirs = testapp.get(f"/api/v1/requests/{req.id}", headers=owner).json["messages"]
    assert {m["id"] for m in notes}.isdisjoint({m["id"] for m in theirs})
    conforms(document, "GET", ONE, testapp.get(ONE.format(id=999999), headers=staff, status=404))


def test_an_internal_note_with_a_file_and_an_answer(testapp, dbsession, document, staff, mailbox):
    req = demo_request(dbsession, "price list")
    path = ONE.format(id=req.id) + "/messages"
    note = conforms(document, "POST", ONE + "/messages", testapp.post(
        path, {"kind": "note", "message": "Checked the logs."}, headers=staff,
        upload_files=[("attachment", "log.txt", b"error 42\n")], status=201))
    posted = note.json["messages"][-1]
    assert (posted["internal"], posted["body"], posted["author"]["id"]) == (True, "Checked the logs.",
                                                                          staff_id(dbsession))
    assert note.json["status"] == rq.OPEN and mailbox.messages == []
    download = testapp.get(posted["attachments"][0]["url"], headers=staff)
    assert download.body == b"error 42\n"
    # Staff files of notes are for staff only.
    owner = api_token(dbsession, req.owner.email)
    testapp.get(posted["attachments"][0]["url"], headers=owner, status=404)
    answer = testapp.post_json(path, {"kind": "reply", "message": "The new list is attached."}, headers=staff,
                               status=201)
    assert answer.json["messages"][-1]["internal"] is False
    assert answer.json["status"] == rq.WAITING
    unknown = conforms(document, "POST", ONE + "/messages", testapp.post_json(
        path, {"kind": "memo", "message": "Hello"}, headers=staff, status=422))
    assert set(unknown.json["errors"]) == {"kind"}
    blank = testapp.post_json(path, {"kind": "note", "message": "  "}, headers=staff, status=422)
    assert set(blank.json["errors"]) == {"message"}


def test_changes_go_through_the_desks_rules_and_history(testapp, dbsession, document, staff):
    req = demo_request(dbsession, "price list")
    agent = staff_id(dbsession)
    changed = conforms(document, "PATCH", ONE, testapp.patch_json(
        ONE.format(id=req.id), {"status": rq.CLOSED, "assignee": str(agent)}, headers=staff))
    assert changed.json["status"] == rq.CLOSED and changed.json["assignee"]["id"] == agent
    dbsession.expire_all()
    assert dbsession.get(Ticket, req.id).assignee_id == agent
    fields = dbsession.scalars(sa.select(HistoryEntry.field).where(HistoryEntry.request_id == req.id)).all()
    assert {"status", "assignee"} <= set(fields)
    assert {entry["field"] for entry in changed.json["history"]} >= {"status", "assignee"}
    # The desk's choices only: an unknown status or a customer as assignee is refused by field.
    customer = person_by_email(dbsession, "demo@example.com")
    refused = conforms(document, "PATCH", ONE, testapp.patch_json(
        ONE.format(id=req.id), {"status": "lost", "assignee": str(customer.id)}, headers=staff, status=422))
    assert set(refused.json["errors"]) == {"status", "assignee"}
    wrong_type = testapp.patch_json(ONE.format(id=req.id), {"priority": 1}, headers=staff, status=422)
    assert "priority" in wrong_type.json["errors"]
    testapp.patch_json(ONE.format(id=req.id), {"assignee": "none"}, headers=staff)
    dbsession.expire_all()
    assert dbsession.get(Ticket, req.id).assignee_id is None and req.status == rq.CLOSED


def test_a_read_token_reads_the_desk_and_changes_nothing(testapp, dbsession):
    read = api_token(dbsession, "agent@example.com", scope="read")
    req = demo_request(dbsession, "price list")
    testapp.get(ONE.format(id=req.id), headers=read)
    testapp.patch_json(ONE.format(id=req.id), {"status": rq.CLOSED}, headers=read, status=403)
    testapp.post_json(ONE.format(id=req.id) + "/messages", {"kind": "note", "message": "x"}, headers=read,
                      status=403)
    dbsession.expire_all()
    assert dbsession.get(rq.Request, req.id).status == rq.OPEN


@pytest.mark.parametrize("email", ["demo@example.com", "manager@example.com", "former@example.com"])
def test_for_anyone_but_staff_the_desk_does_not_exist(testapp, dbsession, document, email):
    if email == "former@example.com":
        create_person(dbsession, email, is_staff=True, is_active=False)
    headers = api_token(dbsession, email)
    own = dbsession.scalars(sa.select(rq.Request).order_by(rq.Request.id)).first()
    req = with_internal_note(dbsession)
    status = req.status
    answers = [
        testapp.get(QUEUE, headers=headers, status="*"),
        testapp.get(ONE.format(id=own.id), headers=headers, status="*"),
        testapp.get(ONE.format(id=req.id), headers=headers, status="*"),
        testapp.post_json(ONE.format(id=req.id) + "/messages", {"kind": "note", "message": "mine"},
                          headers=headers, status="*"),
        testapp.patch_json(ONE.format(id=req.id), {"status": rq.CLOSED}, headers=headers, status="*"),
        testapp.get(ONE.format(id=req.id) + "/attachments/1", headers=headers, status="*"),
    ]
    assert {answer.status_int for answer in answers} <= {401, 404}
    assert {answer.content_type for answer in answers} == {"application/problem+json"}
    dbsession.expire_all()
    assert dbsession.get(rq.Request, req.id).status == status
    assert not dbsession.scalars(sa.select(rq.Message).where(rq.Message.body == "mine")).all()


def test_the_desk_endpoints_are_tagged_desk(document):
    desk = {(path, method): op for path, item in document["paths"].items() if path.startswith("/api/v1/desk/")
            for method, op in item.items()}
    assert set(desk) == {(QUEUE, "get"), (ONE, "get"), (ONE, "patch"), (ONE + "/messages", "post"),
                         (ONE + "/attachments/{attachment_id}", "get")}
    assert all(op["tags"] == ["desk"] for op in desk.values())


# The fuzzer's WSGI test client leaves a streamed download unread and does not
# close it, as a WSGI server does; the file's ResourceWarning is its own.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_fuzzed_desk_requests_answer_as_documented(app, dbsession, staff):
    """Schemathesis with an agent's token over every desk operation; no 5xx, answers as documented."""
    ran = fuzz_api(app, staff, examples=8, only="/api/v1/desk/")
    assert set(ran) == {f"GET {QUEUE}", f"GET {ONE}", f"PATCH {ONE}", f"POST {ONE}/messages",
                        f"GET {ONE}/attachments/{{attachment_id}}"}
    assert all(count > 0 for count in ran.values())
