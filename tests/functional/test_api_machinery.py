"""The JSON API's machinery, through a tiny plugin's endpoints: tokens, sessions, problems, limits, replays."""
import datetime as dt

import pytest
import sqlalchemy as sa

from cc_core.models import ApiToken, Company
from cc_core.testing import api_conforms, api_token, do_login, person_by_email
from tests.plugins import apidemo

pytestmark = pytest.mark.cc_plugins(extra=[("apidemo", apidemo)])

ME = "/api/v1/me"
CREATE = "/api/v1/demo/companies"


def count(dbsession):
    return dbsession.scalar(sa.select(sa.func.count()).select_from(Company))


def test_a_token_authenticates_and_records_its_use(testapp, dbsession, api_document):
    headers = api_token(dbsession, "demo@example.com", scope="read")
    response = api_conforms(api_document, "GET", ME, testapp.get(ME, headers=headers))
    assert response.json["email"] == "demo@example.com"
    assert response.json["token"]["scope"] == "read"
    assert "X-CSRF-Token" not in response.headers
    token = dbsession.scalars(sa.select(ApiToken).where(ApiToken.name == "test")).one()
    assert token.last_used_at is not None


@pytest.mark.parametrize("kind", ["none", "garbage", "basic", "revoked", "expired", "inactive"])
def test_callers_without_a_usable_token_get_401(testapp, dbsession, api_document, kind):
    headers = api_token(dbsession, "demo@example.com", days=-1 if kind == "expired" else 30)
    if kind == "none":
        headers = {}
    elif kind == "garbage":
        headers = {"Authorization": "Bearer cc_" + "x" * 43}
    elif kind == "basic":
        headers = {"Authorization": "Basic ZGVtbzpkZW1v"}
    elif kind == "revoked":
        dbsession.execute(sa.update(ApiToken).values(revoked_at=dt.datetime.now(dt.timezone.utc)))
    elif kind == "inactive":
        person_by_email(dbsession, "demo@example.com").is_active = False
        dbsession.flush()
    response = api_conforms(api_document, "GET", ME, testapp.get(ME, headers=headers, status=401))
    assert response.content_type == "application/problem+json"
    assert response.json["status"] == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_read_only_token_cannot_write(testapp, dbsession, api_document):
    before = count(dbsession)
    headers = api_token(dbsession, "demo@example.com", scope="read")
    response = testapp.post_json(CREATE, {"name": "Readers"}, headers=headers, status=403)
    api_conforms(api_document, "POST", CREATE, response)
    assert 'error="insufficient_scope"' in response.headers["WWW-Authenticate"]
    assert count(dbsession) == before


def test_a_write_answers_201_with_the_created_resource(testapp, dbsession, api_document):
    headers = api_token(dbsession, "demo@example.com")
    response = api_conforms(api_document, "POST", CREATE, testapp.post_json(CREATE, {"name": "Acme", "city": "Oslo"},
                                                                    headers=headers, status=201))
    assert response.json["name"] == "Acme"
    assert response.headers["Location"].endswith(f"/api/v1/demo/companies/{response.json['id']}")


def test_the_session_works_and_unsafe_methods_need_its_csrf_token(testapp, dbsession, api_document):
    do_login(testapp, "demo@example.com")
    me = api_conforms(api_document, "GET", ME, testapp.get(ME))
    assert me.json["token"] is None
    before = count(dbsession)
    refused = testapp.post_json(CREATE, {"name": "Forged"}, status=400)
    api_conforms(api_document, "POST", CREATE, refused)
    assert "X-CSRF-Token" in refused.json["detail"]
    assert count(dbsession) == before
    testapp.post_json(CREATE, {"name": "Scripted"}, headers={"X-CSRF-Token": me.headers["X-CSRF-Token"]},
                      status=201)
    assert count(dbsession) == before + 1


@pytest.mark.parametrize("body, field, message", [
    ({}, "name", "Required"),
    ({"name": "x" * 101}, "name", "Longer than maximum length 100"),
    ({"name": "Acme", "employees": 0}, "employees", "0 is less than minimum value 1"),
    ({"name": "Acme", "employees": "many"}, "employees", '"many" is not a number'),
    ({"name": "Acme\u0007"}, "name", "Use a single line without special characters."),
    ({"name": "Taken"}, "name", "That name is taken."),
])
def test_refused_fields_are_named_with_the_forms_messages(testapp, dbsession, api_document, body, field, message):
    before = count(dbsession)
    response = testapp.post_json(CREATE, body, headers=api_token(dbsession, "demo@example.com"), status=422)
    api_conforms(api_document, "POST", CREATE, response)
    assert response.json["errors"] == {field: message}
    assert count(dbsession) == before


@pytest.mark.parametrize("content_type, body, status", [
    ("application/json", b"{not json", 400),
    ("application/json", b"[1, 2]", 422),
    ("text/plain", b"name=Acme", 415),
])
def test_bodies_that_are_not_json_objects_are_refused(testapp, dbsession, api_document, content_type, body, status):
    response = testapp.post(CREATE, body, content_type=content_type,
                            headers=api_token(dbsession, "demo@example.com"), status=status)
    api_conforms(api_document, "POST", CREATE, response)


def test_a_multipart_body_is_validated_the_same_way(testapp, dbsession):
    headers = api_token(dbsession, "demo@example.com")
    response = testapp.post(CREATE, {"name": "Multi", "employees": "3"}, headers=headers, status=201)
    assert response.json["name"] == "Multi"
    testapp.post(CREATE, {"name": "Multi", "employees": "x"}, headers=headers, status=422)


def test_what_is_not_the_callers_is_404_like_what_does_not_exist(testapp, dbsession, api_document):
    mine = person_by_email(dbsession, "demo@example.com").company_id
    theirs = person_by_email(dbsession, "other@example.net").company_id
    headers = api_token(dbsession, "demo@example.com", scope="read")
    path = "/api/v1/demo/companies/{id}"
    api_conforms(api_document, "GET", path, testapp.get(f"/api/v1/demo/companies/{mine}", headers=headers))
    foreign = testapp.get(f"/api/v1/demo/companies/{theirs}", headers=headers, status=404)
    missing = testapp.get("/api/v1/demo/companies/99999999", headers=headers, status=404)
    api_conforms(api_document, "GET", path, foreign)
    assert foreign.json == missing.json
    assert testapp.get("/api/v1/nothing/here", status=404).content_type == "application/problem+json"


def test_a_retried_post_returns_the_first_answer_and_creates_nothing_twice(testapp, dbsession):
    headers = {**api_token(dbsession, "demo@example.com"), "Idempotency-Key": "make-acme-1"}
    before = count(dbsession)
    first = testapp.post_json(CREATE, {"name": "Once"}, headers=headers, status=201)
    again = testapp.post_json(CREATE, {"name": "Once"}, headers=headers, status=201)
    assert again.json == first.json
    assert again.headers["Location"] == first.headers["Location"]
    assert again.headers["Idempotent-Replayed"] == "true"
    assert count(dbsession) == before + 1
    # Another caller's key of the same name is theirs alone.
    other = {**api_token(dbsession, "colleague@example.com"), "Idempotency-Key": "make-acme-1"}
    assert testapp.post_json(CREATE, {"name": "Twice"}, headers=other, status=201).json["id"] != first.json["id"]
    # A refused post keeps nothing: the retry is validated afresh.
    key = {**headers, "Idempotency-Key": "bad-then-good"}
    testapp.post_json(CREATE, {"name": ""}, headers=key, status=422)
    assert testapp.post_json(CREATE, {"name": "Fixed"}, headers=key, status=201).json["name"] == "Fixed"


def test_an_idempotency_key_sent_to_another_url_is_refused(testapp, dbsession):
    headers = {**api_token(dbsession, "demo@example.com"), "Idempotency-Key": "k"}
    testapp.post_json(CREATE, {"name": "First"}, headers=headers, status=201)
    testapp.post_json("/api/v1/demo/companies?x=1", {"name": "First"}, headers=headers, status=201)
    response = testapp.post_json(ME, {}, headers=headers, status=404)
    assert response.content_type == "application/problem+json"


@pytest.mark.cc_settings({"cc.api.rate_limit": "3", "cc.api.rate_window_seconds": "600"})
def test_a_token_over_its_rate_limit_gets_429_with_retry_after(testapp, dbsession, api_document):
    headers = api_token(dbsession, "demo@example.com")
    for _ in range(3):
        testapp.get(ME, headers=headers)
    response = api_conforms(api_document, "GET", ME, testapp.get(ME, headers=headers, status=429))
    assert 1 <= int(response.headers["Retry-After"]) <= 600
    # The limit is the token's: another token of the same person has its own.
    testapp.get(ME, headers=api_token(dbsession, "demo@example.com", name="second"))


@pytest.mark.cc_settings({"cc.max_request_bytes": "2000"})
def test_an_oversized_body_gets_413(testapp, dbsession, api_document):
    before = count(dbsession)
    response = testapp.post_json(CREATE, {"name": "Big", "city": "x" * 5000},
                                 headers=api_token(dbsession, "demo@example.com"), status=413)
    api_conforms(api_document, "POST", CREATE, response)
    assert count(dbsession) == before


def test_the_openapi_document_describes_bodies_with_the_forms_schemas(api_document):
    assert api_document["openapi"] == "3.1.0"
    operation = api_document["paths"][CREATE]["post"]
    body = operation["requestBody"]["content"]["application/json"]["schema"]
    assert body["required"] == ["name"]
    assert body["properties"]["name"]["maxLength"] == 100
    assert body["properties"]["employees"] == {"type": "integer", "minimum": 1, "maximum": 1000,
                                               "title": "Employees"}
    assert {p["name"] for p in operation["parameters"]} == {"Idempotency-Key"}
    get = api_document["paths"]["/api/v1/demo/companies/{id}"]["get"]
    assert get["parameters"][0]["schema"]["type"] == "integer"
    assert "DemoCompany" in api_document["components"]["schemas"]
    assert api_document["paths"]["/api/v1/demo/companies/count"]["get"]["security"][0] == {}
