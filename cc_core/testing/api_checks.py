"""Checks for tests of the JSON API: tokens made directly, answers checked against the served document.

``api_token(dbsession, email, scope=..., days=...)`` makes a personal
access token and returns the ``Authorization`` headers that use it.
``response_problems(document, method, path, response)`` lists where an
answer differs from what the OpenAPI document at ``/api/v1/openapi.json``
says of that operation (an undocumented status, a wrong content type, a
body outside the schema): a test asserts the list is empty.
"""
from __future__ import annotations

import datetime as dt

from .factories import person_by_email


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
