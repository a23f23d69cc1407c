"""Every operation the served document lists, called by each caller that has no right to it.

Walking the document rather than a list kept by hand means an endpoint a
plugin adds tomorrow is checked too: a logged-out caller gets 401 unless
the operation is open to anonymous readers, a revoked or expired token
gets 401 everywhere (a token that is sent must be valid), and a read-only
token gets 403 on every write, before any body is read.  Each answer must
also be what the document says of that operation.
"""
import re

import pytest
import sqlalchemy as sa

from cc_core.models import ApiToken
from cc_core.testing import api_conforms, api_token

pytestmark = pytest.mark.cc_plugins("requests", "faq", "preferences", "desk", "example_crm_view")

WRITES = {"post", "put", "patch", "delete"}


def operations(document):
    for path, item in sorted(document["paths"].items()):
        for method, operation in sorted(item.items()):
            yield method, path, operation


def concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "1", path)


def call(testapp, method, path, headers):
    body = b"{}" if method in WRITES else None
    return testapp.request(concrete(path), method=method.upper(), body=body, expect_errors=True,
                           headers={**headers, **({"Content-Type": "application/json"} if body else {})})


def open_to_anonymous(operation) -> bool:
    return {} in operation.get("security", [])


@pytest.mark.parametrize("kind", ["logged-out", "revoked", "expired", "read-only"])
def test_every_operation_refuses_a_caller_without_the_right(testapp, dbsession, api_document, kind):
    if kind == "logged-out":
        headers = {}
    elif kind == "read-only":
        headers = api_token(dbsession, "demo@example.com", scope="read")
    else:
        headers = api_token(dbsession, "demo@example.com", days=-1 if kind == "expired" else 30)
        if kind == "revoked":
            dbsession.execute(sa.update(ApiToken).values(revoked_at=ApiToken.created_at))
            dbsession.flush()
    checked = []
    for method, path, operation in operations(api_document):
        response = call(testapp, method, path, headers)
        if kind in ("revoked", "expired"):
            expected = 401
        elif kind == "logged-out":
            expected = None if open_to_anonymous(operation) else 401
        else:
            expected = 403 if method in WRITES else None
        if expected is not None:
            assert response.status_int == expected, (kind, method, path, response.status, response.text[:300])
            assert response.content_type == "application/problem+json"
            if expected == 401:
                assert response.headers["WWW-Authenticate"].startswith("Bearer")
        else:
            assert response.status_int < 500 and response.status_int not in (401, 403), (kind, method, path)
        api_conforms(api_document, method, path, response)
        checked.append(f"{method.upper()} {path}")
    # The walk reached every plugin's part of the document.
    for part in ("/requests", "/faq", "/me", "/company", "/desk"):
        assert any(part in label for label in checked), part
    assert len(checked) >= 25
