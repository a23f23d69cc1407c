"""Schemathesis against the served OpenAPI document: no 5xx, and every answer as the document says.

Each operation gets ``EXAMPLES`` generated requests that follow the
document and ``EXAMPLES`` that break it, sent in-process to the WSGI app
with a read-write token of a customer; Schemathesis' checks compare each
answer with the document (status, content type, body schema, headers)
and refuse any server error.  :func:`fuzz_api` is shared with the
plugins' suites, which fuzz their own endpoints the same way.
"""
import pytest

from cc_core.testing import api_token, fuzz_api
from tests.plugins import apidemo

pytestmark = [pytest.mark.cc_plugins(extra=[("apidemo", apidemo)]),
              pytest.mark.cc_settings({"cc.api.rate_limit": "100000"})]


def test_api_answers_conform_to_its_document(app, dbsession):
    ran = fuzz_api(app, api_token(dbsession, "demo@example.com"))
    assert set(ran) == {"GET /api/v1/me", "PATCH /api/v1/me", "GET /api/v1/demo/companies/{id}", "POST /api/v1/demo/companies",
                        "GET /api/v1/demo/companies/count"}
    assert all(count > 0 for count in ran.values())
