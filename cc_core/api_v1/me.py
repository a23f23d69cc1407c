"""``GET /api/v1/me``: who the caller is, the core's one endpoint.

Integrators start here to check a token; scripts on the portal's pages
read the session's CSRF token from the ``X-CSRF-Token`` answer header.
"""
from __future__ import annotations

from .endpoints import ApiComponent, ApiResult, Endpoint

PERSON_SCHEMA = {
    "type": "object",
    "required": ["id", "name", "email", "phone", "mobile", "language", "timezone", "company", "company_access",
                 "is_manager", "is_staff"],
    "properties": {
        "id": {"type": "integer"},
        "name": {"type": "string"},
        "email": {"type": "string"},
        "phone": {"type": "string"},
        "mobile": {"type": "string"},
        "language": {"type": "string"},
        "timezone": {"type": "string"},
        "company": {"oneOf": [{"type": "null"}, {"type": "object", "required": ["id", "name"],
                                                  "properties": {"id": {"type": "integer"},
                                                                 "name": {"type": "string"}}}]},
        "company_access": {"type": "boolean"},
        "is_manager": {"type": "boolean"},
        "is_staff": {"type": "boolean"},
        "token": {"oneOf": [{"type": "null"}, {"type": "object", "required": ["name", "scope", "expires_at"],
                                                "properties": {"name": {"type": "string"},
                                                               "scope": {"enum": ["read", "read-write"]},
                                                               "expires_at": {"type": "string",
                                                                              "format": "date-time"}}}]},
    },
}


def person_json(person) -> dict:
    """The caller's own profile as the API shows it."""
    company = person.company
    return {
        "id": person.id, "name": person.name, "email": person.email, "phone": person.phone,
        "mobile": person.mobile, "language": person.language, "timezone": person.timezone,
        "company": {"id": company.id, "name": company.name} if company is not None else None,
        "company_access": person.company_access, "is_manager": person.is_manager, "is_staff": person.is_staff,
    }


def me(request):
    caller = request.api_caller
    body = person_json(caller.person)
    token = caller.token
    body["token"] = (None if token is None else
                     {"name": token.name, "scope": token.scope, "expires_at": token.expires_at.isoformat()})
    headers = {"X-CSRF-Token": request.session.get_csrf_token()} if token is None else {}
    return ApiResult(body, headers=headers)


ENDPOINTS = [
    ApiComponent("Person", PERSON_SCHEMA),
    Endpoint("core.me", "GET", "/me", me, "The caller: profile, company and token", tags=("me",),
             responses={200: {"$ref": "#/components/schemas/Person"}}),
]
