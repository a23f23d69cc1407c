"""An ``Idempotency-Key`` stands for one question: a retry is the same body, however it is encoded; another body is refused."""
import pytest
import sqlalchemy as sa

from cc_core.models import Company
from cc_core.testing import api_token
from tests.plugins import apidemo

pytestmark = pytest.mark.cc_plugins(extra=[("apidemo", apidemo)])

CREATE = "/api/v1/demo/companies"


def count(dbsession):
    return dbsession.scalar(sa.select(sa.func.count()).select_from(Company))


def test_a_key_reused_with_another_body_is_refused_and_changes_nothing(testapp, dbsession):
    headers = {**api_token(dbsession, "demo@example.com"), "Idempotency-Key": "order-17"}
    first = testapp.post_json(CREATE, {"name": "Acme", "city": "Oslo"}, headers=headers, status=201)
    before = count(dbsession)
    refused = testapp.post_json(CREATE, {"name": "Other", "city": "Oslo"}, headers=headers, status=422)
    assert refused.content_type == "application/problem+json"
    assert "Idempotent-Replayed" not in refused.headers
    assert count(dbsession) == before
    # The first question still gets its first answer.
    again = testapp.post_json(CREATE, {"name": "Acme", "city": "Oslo"}, headers=headers, status=201)
    assert again.json == first.json and again.headers["Idempotent-Replayed"] == "true"


def test_a_retry_that_encodes_the_same_body_differently_is_replayed(testapp, dbsession):
    headers = {**api_token(dbsession, "demo@example.com"), "Idempotency-Key": "order-18"}
    first = testapp.post(CREATE, '{"name": "Acme", "city": "Oslo"}', headers=headers,
                         content_type="application/json", status=201)
    before = count(dbsession)
    again = testapp.post(CREATE, '{ "city":"Oslo",\n  "name":"Acme" }', headers=headers,
                         content_type="application/json", status=201)
    assert again.json == first.json and again.headers["Idempotent-Replayed"] == "true"
    assert count(dbsession) == before


def test_a_multipart_retry_with_a_new_boundary_is_the_same_request(testapp, dbsession):
    headers = {**api_token(dbsession, "demo@example.com"), "Idempotency-Key": "order-19"}
    fields = [("name", "Acme"), ("city", "Oslo")]
    first = testapp.post(CREATE, fields, headers=headers, upload_files=[("logo", "a.txt", b"one")], status=201)
    before = count(dbsession)
    # WebTest draws a new boundary each time; the fields and the file are the same.
    again = testapp.post(CREATE, fields, headers=headers, upload_files=[("logo", "a.txt", b"one")], status=201)
    assert again.headers["Idempotent-Replayed"] == "true" and again.json == first.json
    other_file = testapp.post(CREATE, fields, headers=headers, upload_files=[("logo", "a.txt", b"two")],
                              status=422)
    assert other_file.content_type == "application/problem+json"
    assert count(dbsession) == before
