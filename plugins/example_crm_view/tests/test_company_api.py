"""The company in the JSON API: read by its persons, changed by its managers under If-Match."""
import pytest

from cc_core.testing import api_token, create_company, create_person, fuzz_api, person_by_email, response_problems
from crm_edit_testing import MANAGER, example_company, history_rows

pytestmark = [pytest.mark.cc_plugins("example_crm_view"), pytest.mark.cc_settings({"cc.api.rate_limit": "100000"})]

PATH = "/api/v1/company"


@pytest.fixture
def document(testapp):
    return testapp.get("/api/v1/openapi.json").json


def conforms(document, method, response):
    assert response_problems(document, method, PATH, response) == []
    return response


def etag_of(company) -> str:
    return f'"company-{company.id}.{company.version}"'


def test_a_customer_reads_the_company_as_the_page_shows_it(testapp, login, dbsession, document):
    answer = conforms(document, "GET", testapp.get(PATH, headers=api_token(dbsession, "demo@example.com",
                                                                           scope="read")))
    company = example_company(dbsession)
    body = answer.json
    assert (body["id"], body["name"], body["phone"], body["version"]) == (company.id, company.name, company.phone,
                                                                          company.version)
    assert answer.headers["ETag"] == etag_of(company)
    assert body["can_edit"] is False
    # The contacts the page lists, in its order.
    login(testapp, "demo@example.com")
    listed = [item.contents[0].strip() for item in testapp.get("/company").html.select(".crm-contact-list li")]
    assert [contact["name"] for contact in body["contacts"]] == listed
    assert "Oscar Other" not in listed
    assert {c["name"]: c["is_manager"] for c in body["contacts"]}["Mona Manager"] is True


def test_if_none_match_answers_304_while_the_version_is_current(testapp, dbsession, document):
    headers = api_token(dbsession, MANAGER)
    etag = testapp.get(PATH, headers=headers).headers["ETag"]
    unchanged = conforms(document, "GET", testapp.get(PATH, headers={**headers, "If-None-Match": etag}, status=304))
    assert unchanged.body == b"" and unchanged.headers["ETag"] == etag
    testapp.patch_json(PATH, {"city": "Bergen"}, headers={**headers, "If-Match": etag})
    again = testapp.get(PATH, headers={**headers, "If-None-Match": etag}, status=200)
    assert again.json["city"] == "Bergen" and again.headers["ETag"] != etag


def test_a_manager_patches_under_if_match_and_the_version_moves_on(testapp, dbsession, document):
    headers = api_token(dbsession, MANAGER)
    read = testapp.get(PATH, headers=headers)
    assert read.json["can_edit"] is True
    before = example_company(dbsession)
    before = {"name": before.name, "address": before.address, "version": before.version}
    saved = conforms(document, "PATCH", testapp.patch_json(
        PATH, {"phone": "+47 23 45 67 89", "website": "example.org"},
        headers={**headers, "If-Match": read.headers["ETag"]}))
    company = example_company(dbsession)
    assert (company.phone, company.website, company.version) == ("+47 23 45 67 89", "https://example.org",
                                                                 before["version"] + 1)
    # Fields the body left out keep their values.
    assert (company.name, company.address) == (before["name"], before["address"])
    assert saved.headers["ETag"] == etag_of(company) and saved.json["version"] == company.version
    # The page's history shows the API's save like a form's.
    assert {row.field for row in history_rows(dbsession, company.id) if row.version == company.version} == {
        "phone", "website"}


def test_a_write_without_if_match_is_428_and_a_stale_one_412_and_nothing_changes(testapp, dbsession, document):
    headers = api_token(dbsession, MANAGER)
    stale = testapp.get(PATH, headers=headers).headers["ETag"]
    missing = conforms(document, "PATCH", testapp.patch_json(PATH, {"city": "Tromsø"}, headers=headers,
                                                             status=428))
    assert missing.content_type == "application/problem+json" and missing.json["status"] == 428
    testapp.patch_json(PATH, {"city": "Bodø"}, headers={**headers, "If-Match": stale})
    current = example_company(dbsession)
    current_etag, current_version = etag_of(current), current.version
    for tag in (stale, "*", 'W/' + etag_of(current), '"company-999999.%d"' % current.version, "garbage"):
        refused = conforms(document, "PUT", testapp.put_json(
            PATH, {"name": "Overwritten Ltd", "city": "Tromsø"}, headers={**headers, "If-Match": tag}, status=412))
        assert refused.json["status"] == 412
    assert refused.headers["ETag"] == current_etag
    after = example_company(dbsession)
    assert (after.name != "Overwritten Ltd", after.city, after.version) == (True, "Bodø", current_version)
    # A list of tags holding the current one is a match.
    testapp.patch_json(PATH, {"city": "Alta"}, headers={**headers, "If-Match": f"{stale}, {current_etag}"})
    assert example_company(dbsession).city == "Alta"


def test_put_replaces_and_refused_fields_are_named(testapp, dbsession, document):
    headers = api_token(dbsession, MANAGER)
    etag = testapp.get(PATH, headers=headers).headers["ETag"]
    bad = conforms(document, "PUT", testapp.put_json(PATH, {"city": "Oslo", "phone": "call me"},
                                                     headers={**headers, "If-Match": etag}, status=422))
    assert set(bad.json["errors"]) == {"name", "phone"}
    assert bad.content_type == "application/problem+json"
    wrong_type = testapp.patch_json(PATH, {"name": ["A", "B"]}, headers={**headers, "If-Match": etag}, status=422)
    assert "name" in wrong_type.json["errors"]
    # A bracket the URL parser takes for a broken IPv6 address is a field error, not a server error.
    bracket = testapp.patch_json(PATH, {"website": "https://[example.com"}, headers={**headers, "If-Match": etag},
                                 status=422)
    assert set(bracket.json["errors"]) == {"website"}
    replaced = conforms(document, "PUT", testapp.put_json(PATH, {"name": "Example Group", "city": "Oslo"},
                                                          headers={**headers, "If-Match": etag}))
    company = example_company(dbsession)
    assert (company.name, company.city, company.phone, company.address) == ("Example Group", "Oslo", "", "")
    assert replaced.json["phone"] == ""


def test_a_read_token_cannot_write(testapp, dbsession):
    headers = api_token(dbsession, MANAGER, scope="read")
    etag = testapp.get(PATH, headers=headers).headers["ETag"]
    testapp.patch_json(PATH, {"city": "Narvik"}, headers={**headers, "If-Match": etag}, status=403)
    assert example_company(dbsession).city != "Narvik"


def test_only_managers_of_the_company_write_and_nobody_reaches_another_company(testapp, dbsession, document):
    etag = etag_of(example_company(dbsession))
    customer = api_token(dbsession, "demo@example.com")
    conforms(document, "PATCH", testapp.patch_json(PATH, {"city": "Mo"}, headers={**customer, "If-Match": etag},
                                                   status=404))
    # The manager of another company changes their own company; Example's tag does not match it.
    elsewhere = create_company(dbsession, "Elsewhere AS", city="Hamar")
    create_person(dbsession, "boss@elsewhere.example", company=elsewhere, is_manager=True, company_access=True)
    boss = api_token(dbsession, "boss@elsewhere.example")
    assert testapp.get(PATH, headers=boss).json["name"] == "Elsewhere AS"
    testapp.patch_json(PATH, {"city": "Mo"}, headers={**boss, "If-Match": etag}, status=412)
    assert example_company(dbsession).city != "Mo"
    # A person of no company has no company page, and no company in the API.
    create_person(dbsession, "loner@example.org", company=None)
    loner = api_token(dbsession, "loner@example.org")
    conforms(document, "GET", testapp.get(PATH, headers=loner, status=404))
    testapp.put_json(PATH, {"name": "Mine now"}, headers={**loner, "If-Match": etag}, status=404)
    # The session of the page works too, with its CSRF token.
    assert person_by_email(dbsession, "demo@example.com").company_id == example_company(dbsession).id


def test_the_session_caller_needs_the_csrf_token(testapp, login, dbsession):
    login(testapp, MANAGER)
    read = testapp.get(PATH)
    headers = {"If-Match": read.headers["ETag"]}
    testapp.patch_json(PATH, {"city": "Molde"}, headers=headers, status=400)
    token = testapp.get("/api/v1/me").headers["X-CSRF-Token"]
    testapp.patch_json(PATH, {"city": "Molde"}, headers={**headers, "X-CSRF-Token": token})
    assert example_company(dbsession).city == "Molde"


def test_the_document_describes_the_locking(document):
    patch = document["paths"][PATH]["patch"]
    assert {p["name"]: p["required"] for p in patch["parameters"]}["If-Match"] is True
    assert {"412", "428", "422", "403"} <= set(patch["responses"])
    assert "required" not in patch["requestBody"]["content"]["application/json"]["schema"]
    put = document["paths"][PATH]["put"]
    assert put["requestBody"]["content"]["application/json"]["schema"]["required"] == ["name"]
    get = document["paths"][PATH]["get"]
    assert "304" in get["responses"] and "ETag" in get["responses"]["200"]["headers"]



def test_fuzzed_company_requests_answer_as_documented(app, dbsession):
    """Schemathesis with a manager's token: bodies, If-Match and If-None-Match as generated; no 5xx."""
    ran = fuzz_api(app, api_token(dbsession, MANAGER), examples=10, only=PATH)
    assert set(ran) == {"GET /api/v1/company", "PATCH /api/v1/company", "PUT /api/v1/company"}
    assert all(count > 0 for count in ran.values())
