"""The requests API: the same people see the same requests as on the pages, and changes go through the service."""
import pytest
import sqlalchemy as sa

from cc_core.api import ApiToken
from cc_core.testing import api_conforms, api_token, fuzz_api, person_by_email
from cc_requests.models import Attachment, Category, Message, Priority, Request
from requests_testing import internal_note, request_of

pytestmark = [pytest.mark.cc_plugins("requests"), pytest.mark.cc_settings({"cc.api.rate_limit": "100000"})]

ONE = "/api/v1/requests/{id}"


def choices(dbsession) -> dict:
    """A category and a priority a customer may choose: the new-request form requires both."""
    category = dbsession.scalars(sa.select(Category).where(Category.active.is_(True)).order_by(Category.id)).first()
    priority = dbsession.scalars(sa.select(Priority).where(Priority.customer_selectable.is_(True),
                                                           Priority.active.is_(True)).order_by(Priority.id)).first()
    return {"category": category.id, "priority": priority.id}


def requests_count(dbsession):
    return dbsession.scalar(sa.select(sa.func.count()).select_from(Request))


def test_the_list_shows_the_callers_requests_with_filters_and_cursor(testapp, dbsession, api_document):
    headers = api_token(dbsession, "demo@example.com", scope="read")
    page = api_conforms(api_document, "GET", "/api/v1/requests",
                    testapp.get("/api/v1/requests?status=all&limit=2&sort=id", headers=headers))
    mine = person_by_email(dbsession, "demo@example.com")
    owned = dbsession.scalars(sa.select(Request.id).where(Request.owner_id == mine.id).order_by(Request.id)).all()
    assert [item["id"] for item in page.json["items"]] == owned[:2]
    following = testapp.get("/api/v1/requests", params={"status": "all", "limit": 2, "sort": "id",
                                                        "cursor": page.json["next"]}, headers=headers)
    assert [item["id"] for item in following.json["items"]] == owned[2:4]
    found = testapp.get("/api/v1/requests", params={"status": "all", "q": "checkout"}, headers=headers)
    assert found.json["items"] and all("checkout" in i["title"].lower() for i in found.json["items"])
    # A cursor that is not the list's own starts again at the first page, as on the page.
    forged = testapp.get("/api/v1/requests?status=all&limit=2&sort=id&cursor=forged", headers=headers)
    assert forged.json["items"] == page.json["items"]
    bad = testapp.get("/api/v1/requests?limit=1000", headers=headers, status=422)
    api_conforms(api_document, "GET", "/api/v1/requests", bad)


def test_company_scope_only_for_persons_with_company_access(testapp, dbsession):
    colleague = testapp.get("/api/v1/requests?scope=company&status=all",
                            headers=api_token(dbsession, "colleague@example.com")).json["items"]
    colleague_id = person_by_email(dbsession, "colleague@example.com").id
    assert all(item["owner"]["id"] == colleague_id for item in colleague)
    manager = testapp.get("/api/v1/requests?scope=company&status=all",
                          headers=api_token(dbsession, "manager@example.com")).json["items"]
    assert len({item["owner"]["id"] for item in manager}) > 1


@pytest.mark.parametrize("who", ["other@example.net", "colleague@example.com", None, "revoked", "expired"])
def test_others_get_404_or_401_for_a_request_and_its_attachment(testapp, dbsession, api_document, who):
    req = request_of(dbsession, "demo@example.com", "checkout")
    attachment = dbsession.scalars(sa.select(Attachment).where(Attachment.request_id == req.id)).first()
    if who == "revoked":
        headers = api_token(dbsession, "demo@example.com")
        dbsession.execute(sa.update(ApiToken).values(revoked_at=ApiToken.created_at))
        status = 401
    elif who == "expired":
        headers, status = api_token(dbsession, "demo@example.com", days=-1), 401
    elif who is None:
        headers, status = {}, 401
    else:
        headers, status = api_token(dbsession, who), 404
    for path in (f"/api/v1/requests/{req.id}", f"/api/v1/requests/{req.id}/attachments/{attachment.id}"):
        response = testapp.get(path, headers=headers, status=status)
        assert response.content_type == "application/problem+json"
    for action in ("close", "reopen"):
        api_conforms(api_document, "POST", ONE + "/" + action,
                 testapp.post_json(f"/api/v1/requests/{req.id}/{action}", {}, headers=headers, status=status))
    testapp.post_json(f"/api/v1/requests/{req.id}/reply", {"message": "Mine now"}, headers=headers, status=status)
    dbsession.expire_all()
    assert dbsession.scalar(sa.select(sa.func.count()).select_from(Message)
                            .where(Message.request_id == req.id, Message.body == "Mine now")) == 0


def test_the_owner_reads_the_thread_without_internal_notes(testapp, dbsession, api_document):
    req = request_of(dbsession, "demo@example.com", "checkout")
    note = internal_note(dbsession, req)
    headers = api_token(dbsession, "demo@example.com", scope="read")
    response = api_conforms(api_document, "GET", ONE, testapp.get(f"/api/v1/requests/{req.id}", headers=headers))
    assert response.json["title"] == req.title
    assert note is None or note.body not in response.text
    url = next(a["url"] for m in response.json["messages"] for a in m["attachments"])
    download = testapp.get(url.replace("http://localhost", ""), headers=headers)
    api_conforms(api_document, "GET", ONE + "/attachments/{attachment_id}", download)
    assert download.body


def test_a_read_only_token_changes_nothing(testapp, dbsession, api_document):
    req = request_of(dbsession, "demo@example.com", "checkout")
    headers = api_token(dbsession, "demo@example.com", scope="read")
    before = requests_count(dbsession)
    api_conforms(api_document, "POST", "/api/v1/requests", testapp.post_json(
        "/api/v1/requests", {"title": "From a script", "message": "Hello", **choices(dbsession)}, headers=headers, status=403))
    testapp.post_json(f"/api/v1/requests/{req.id}/close", {}, headers=headers, status=403)
    assert requests_count(dbsession) == before


def test_a_json_value_of_the_wrong_type_is_refused_by_name(testapp, dbsession, api_document):
    """A form field is text; a JSON client sending an object or a number for it hears so, nothing is filed."""
    headers = api_token(dbsession, "demo@example.com")
    before = dbsession.scalar(sa.select(sa.func.count()).select_from(Request))
    refused = testapp.post_json("/api/v1/requests", {"title": 42, "message": {"text": "x"}, **choices(dbsession)},
                                headers=headers, status=422)
    api_conforms(api_document, "POST", "/api/v1/requests", refused)
    assert set(refused.json["errors"]) == {"title", "message"}
    assert dbsession.scalar(sa.select(sa.func.count()).select_from(Request)) == before


def test_create_reply_close_rate_reopen_through_the_service(testapp, dbsession, api_document):
    headers = api_token(dbsession, "demo@example.com")
    created = testapp.post("/api/v1/requests", {"title": "Scanner jams", "message": "Every page.", **choices(dbsession)},
                           upload_files=[("attachment", "log.txt", b"jam at page 3")], headers=headers, status=201)
    api_conforms(api_document, "POST", "/api/v1/requests", created)
    req_id = created.json["id"]
    assert created.headers["Location"].endswith(f"/api/v1/requests/{req_id}")
    assert created.json["messages"][0]["attachments"][0]["filename"] == "log.txt"
    base = f"/api/v1/requests/{req_id}"
    api_conforms(api_document, "POST", ONE + "/rate", testapp.post_json(base + "/rate", {"rating": 5}, headers=headers,
                                                                 status=422))
    replied = testapp.post_json(base + "/reply", {"message": "Still jams."}, headers=headers, status=201)
    api_conforms(api_document, "POST", ONE + "/reply", replied)
    assert [m["body"] for m in replied.json["messages"]][-1] == "Still jams."
    closed = api_conforms(api_document, "POST", ONE + "/close", testapp.post_json(base + "/close", {}, headers=headers))
    assert closed.json["status"] == "closed"
    # Rating waits for the support team's answer, as on the page.
    testapp.post_json(base + "/rate", {"rating": 4}, headers=headers, status=422)
    answered = request_of(dbsession, "demo@example.com", "ERP")
    rated = api_conforms(api_document, "POST", ONE + "/rate", testapp.post_json(
        f"/api/v1/requests/{answered.id}/rate", {"rating": 4, "comment": "Quick"}, headers=headers))
    assert (rated.json["rating"], rated.json["rating_comment"]) == (4, "Quick")
    reopened = testapp.post_json(base + "/reopen", {}, headers=headers)
    assert reopened.json["status"] == "open"


def test_the_new_request_forms_validation_names_the_fields(testapp, dbsession, api_document):
    headers = api_token(dbsession, "demo@example.com")
    before = requests_count(dbsession)
    response = testapp.post_json("/api/v1/requests", {"title": "ab"}, headers=headers, status=422)
    api_conforms(api_document, "POST", "/api/v1/requests", response)
    assert set(response.json["errors"]) >= {"title", "message"}
    assert response.json["errors"]["title"] == "Write a title of at least 3 characters."
    assert requests_count(dbsession) == before


def test_a_retried_create_files_one_request(testapp, dbsession):
    headers = {**api_token(dbsession, "demo@example.com"), "Idempotency-Key": "scanner-1"}
    before = requests_count(dbsession)
    first = testapp.post_json("/api/v1/requests", {"title": "Scanner", "message": "Jams", **choices(dbsession)}, headers=headers, status=201)
    again = testapp.post_json("/api/v1/requests", {"title": "Scanner", "message": "Jams", **choices(dbsession)}, headers=headers, status=201)
    assert again.json["id"] == first.json["id"]
    assert requests_count(dbsession) == before + 1


def test_list_and_read_cost_the_same_statements_for_few_and_many_rows(testapp, dbsession, sql_statements):
    headers = api_token(dbsession, "demo@example.com")
    req = request_of(dbsession, "demo@example.com", "checkout")
    testapp.get("/api/v1/requests?status=all", headers=headers)
    testapp.get(f"/api/v1/requests/{req.id}", headers=headers)
    with sql_statements() as few_list:
        testapp.get("/api/v1/requests?status=all", headers=headers)
    with sql_statements() as few_one:
        testapp.get(f"/api/v1/requests/{req.id}", headers=headers)
    for n in range(20):
        testapp.post_json("/api/v1/requests", {"title": f"Extra {n}", "message": "More", **choices(dbsession)}, headers=headers)
        testapp.post_json(f"/api/v1/requests/{req.id}/reply", {"message": f"More {n}"}, headers=headers)
    with sql_statements() as many_list:
        testapp.get("/api/v1/requests?status=all", headers=headers)
    with sql_statements() as many_one:
        testapp.get(f"/api/v1/requests/{req.id}", headers=headers)
    assert len(few_list) == len(many_list)
    assert len(few_one) == len(many_one)


# The fuzzer's WSGI test client leaves a streamed download unread and does not
# close it, as a WSGI server does; the file's ResourceWarning is its own.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_fuzzing_the_requests_endpoints(app, dbsession):
    ran = fuzz_api(app, api_token(dbsession, "demo@example.com"), examples=10, only="/api/v1/requests")
    assert len(ran) == 8 and all(ran.values())
