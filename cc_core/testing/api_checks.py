"""Checks for tests of the JSON API: tokens made directly, answers checked against the served document.

``api_token(dbsession, email, scope=..., days=...)`` makes a personal
access token and returns the ``Authorization`` headers that use it.
``response_problems(document, method, path, response)`` lists where an
answer differs from what the OpenAPI document at ``/api/v1/openapi.json``
says of that operation (an undocumented status, a wrong content type, a
body outside the schema): a test asserts the list is empty, or calls
``api_conforms(document, method, path, response)``, which asserts it and
returns the response.  The ``api_document`` fixture is that document.
"""
from __future__ import annotations

import datetime as dt

import pytest

from .factories import person_by_email


@pytest.fixture
def api_document(testapp) -> dict:
    """The OpenAPI document the test's app serves."""
    return testapp.get("/api/v1/openapi.json").json


def api_conforms(document: dict, method: str, path: str, response):
    """``response``, once asserted to be what the document says of ``method`` ``path``."""
    assert response_problems(document, method, path, response) == []
    return response


def api_token(dbsession, email: str, scope: str = "read-write", days: float = 30, name: str = "test") -> dict:
    """Headers that authenticate as ``email`` with a new token of ``scope`` expiring in ``days``."""
    from ..api_v1.access_tokens import create_api_token
    from ..db import utcnow

    person = person_by_email(dbsession, email)
    token, secret = create_api_token(dbsession, person, name, scope, utcnow() + dt.timedelta(days=days))
    return {"Authorization": f"Bearer {secret}"}


def response_problems(document: dict, method: str, path: str, response) -> list[str]:
    """Where ``response`` (WebTest or ``requests``) breaks the document's ``method`` ``path`` operation."""
    import jsonschema
    from referencing import Registry, Resource

    operation = document["paths"].get(path, {}).get(method.lower())
    if operation is None:
        return [f"{method} {path} is not in the document"]
    status = str(getattr(response, "status_int", None) or response.status_code)
    described = operation["responses"].get(status) or operation["responses"].get(status[0] + "XX") \
        or operation["responses"].get("default")
    if described is None:
        return [f"{method} {path} answered {status}, which the document does not list"]
    content = described.get("content")
    if not content:
        return []
    content_type = (response.headers.get("Content-Type") or "").split(";")[0].strip()
    if "*/*" in content:
        return []
    if content_type not in content:
        return [f"{method} {path} {status} came as {content_type!r}, not {sorted(content)}"]
    schema = content[content_type].get("schema")
    if schema is None:
        return []
    body = response.json if hasattr(response, "status_int") else response.json()
    # The operation's schema refers to "#/components/...": resolve it inside a document that has both.
    root = {"$schema": "https://json-schema.org/draft/2020-12/schema", "components": document["components"],
            "__schema__": schema}
    registry = Registry().with_resource("urn:cc-api", Resource.from_contents(root))
    validator = jsonschema.Draft202012Validator({"$ref": "urn:cc-api#/__schema__"}, registry=registry)
    return [f"{method} {path} {status}: {error.message} at {list(error.absolute_path)}"
            for error in validator.iter_errors(body)]


def fuzz_api(app, headers: dict, examples: int = 25, only: str = "") -> dict[str, int]:
    """Send Schemathesis' generated requests to every operation of ``app``'s document (paths starting ``only``).

    ``examples`` valid and as many invalid requests per operation, with
    ``headers`` (a token); every answer must pass Schemathesis' checks (no
    5xx, status, content type, body and headers as documented), or the
    first failure is raised.  Returns the number of requests sent per
    operation, for the report of what ran.
    """
    import schemathesis
    from hypothesis import HealthCheck, given, settings
    from hypothesis.errors import Unsatisfiable
    from schemathesis import GenerationMode
    from schemathesis.checks import load_all_checks
    from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

    load_all_checks()

    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    sent: dict[str, int] = {}
    for result in schema.get_all_operations():
        operation = result.ok()
        if not operation.path.startswith(only):
            continue
        label = f"{operation.method.upper()} {operation.path}"
        sent[label] = 0
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(max_examples=examples, deadline=None, database=None, derandomize=True,
                      suppress_health_check=list(HealthCheck))
            def run(case):
                # A body the document allows may still be refused with a 422 by
                # checks that are code (a form's ``check``, the hooks), which no
                # JSON Schema states: that one check is left out.
                excluded = [positive_data_acceptance]
                if mode is GenerationMode.NEGATIVE and (case.media_type or "").startswith("multipart/"):
                    # Every multipart part is text: a "wrong-typed" number or
                    # object arrives as the text of one, which a text field
                    # rightly takes.  JSON bodies keep the check.
                    excluded.append(negative_data_rejection)
                case.call_and_validate(headers=headers, excluded_checks=excluded)
                sent[label] += 1

            try:
                run()
            except Unsatisfiable:
                # An operation without parameters or body has no invalid request to make.
                if mode is GenerationMode.POSITIVE:
                    raise
    # Shown with ``pytest -s``: how much the fuzzer really sent.
    print(f"fuzz_api: {sum(sent.values())} requests to {len(sent)} operations under {only or '/'}, all as documented")
    return sent
