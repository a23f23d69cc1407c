"""The OpenAPI 3.1 document at ``/api/v1/openapi.json``, assembled from the served endpoints.

Every operation comes from an :class:`~.endpoints.Endpoint` some plugin
returned through ``cc_api_endpoints``, and its request body from the
schema of the form that validates it (:mod:`.json_schema`): the document
describes exactly what is served.  The problem answers every endpoint
can give are added here, once, for all of them.
"""
from __future__ import annotations

from ..forms import FileUpload
from ..ids import MAX_ID
from .endpoints import Endpoint
from .json_schema import object_schema
from .problems import PROBLEM_SCHEMA, PROBLEM_TYPE

PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
IDEMPOTENCY_PARAMETER = {
    "name": "Idempotency-Key", "in": "header", "required": False,
    "description": "Retries with the same key get the first answer; nothing is done twice.",
    "schema": {"type": "string", "minLength": 1, "maxLength": 200, "pattern": "^[\\x20-\\x7e]+$"},
}
IF_MATCH_PARAMETER = {
    "name": "If-Match", "in": "header", "required": True,
    "description": "The ETag of your last read: the change is made only if nobody saved in between.",
    "schema": {"type": "string"},
}
IF_NONE_MATCH_PARAMETER = {
    "name": "If-None-Match", "in": "header", "required": False,
    "description": "The ETag of your last read: 304 without a body if it is still current.",
    "schema": {"type": "string"},
}
ETAG_HEADER = {"description": "The version read or saved; send it in If-Match to change it.",
               "schema": {"type": "string"}}
PROBLEM_DESCRIPTIONS = {
    400: "The request could not be understood (a session caller without its CSRF token, too).",
    401: "No valid credentials.",
    403: "The token's scope does not allow this.",
    404: "Nothing here, or not the caller's.",
    409: "The Idempotency-Key is in use by a request still running.",
    413: "The body is too large.",
    415: "The body is neither JSON nor multipart form data.",
    412: "If-Match does not name the current version: somebody saved in between; nothing was changed.",
    422: "Fields were refused; `errors` names them.",
    428: "If-Match is missing: send the ETag of your last read.",
    429: "Too many requests; see Retry-After.",
}


def openapi_document(request, endpoints, components) -> dict:
    paths: dict = {}
    for endpoint in endpoints:
        paths.setdefault(endpoint.openapi_path, {})[endpoint.method.lower()] = operation(request, endpoint)
    return {
        "openapi": "3.1.0",
        "info": {"title": "Customer Centre API", "version": "1",
                 "description": "Customers' and integrators' access to the portal. Errors are "
                                "application/problem+json (RFC 9457)."},
        "paths": paths,
        "components": {
            "schemas": {"Problem": PROBLEM_SCHEMA, **{c.name: c.schema for c in components}},
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer",
                           "description": "A personal access token from the preferences' token page."},
                "session": {"type": "apiKey", "in": "cookie", "name": "cc_session",
                            "description": "The portal's own session; unsafe methods need X-CSRF-Token."},
            },
        },
        "security": [{"bearer": []}, {"session": []}],
    }


def operation(request, endpoint: Endpoint) -> dict:
    op = {"operationId": endpoint.name, "summary": endpoint.summary, "tags": list(endpoint.tags),
          "parameters": [*_path_parameters(endpoint), *endpoint.parameters]}
    if endpoint.method == "POST":
        op["parameters"].append(IDEMPOTENCY_PARAMETER)
    if endpoint.anonymous:
        op["security"] = [{}, {"bearer": []}, {"session": []}]
    responses = {str(status): _response(schema(request) if callable(schema) else schema)
                 for status, schema in endpoint.responses.items()}
    # 401 for anonymous endpoints too: a token that is sent must be valid.
    codes = [400, 401, 404, 429]
    if not endpoint.anonymous or endpoint.writes:
        codes.append(403)
    if endpoint.method == "POST":
        codes.append(409)
    if endpoint.parameters:
        codes.append(422)
    if endpoint.form is not None:
        op["requestBody"] = _request_body(request, endpoint)
        codes += [413, 415, 422]
    if endpoint.etag:
        codes += _conditional(op, endpoint, responses)
    for status in sorted(set(codes)):
        responses.setdefault(str(status), {"description": PROBLEM_DESCRIPTIONS[status],
                                           "content": {PROBLEM_TYPE: {"schema": PROBLEM_REF}}})
    op["responses"] = responses
    return op


def _conditional(op: dict, endpoint: Endpoint, responses: dict) -> list[int]:
    """The headers and answers of an optimistically locked operation (:mod:`.conditional`)."""
    for status, response in list(responses.items()):
        if status.startswith("2"):
            responses[status] = {**response, "headers": {**response.get("headers", {}), "ETag": ETAG_HEADER}}
    if not endpoint.writes:
        op["parameters"].append(IF_NONE_MATCH_PARAMETER)
        responses["304"] = {"description": "Not modified: the ETag in If-None-Match is still current.",
                            "headers": {"ETag": ETAG_HEADER}}
        return []
    op["parameters"].append(IF_MATCH_PARAMETER)
    return [412, 428]


def _response(schema) -> dict:
    if isinstance(schema, dict) and "description" in schema and ("content" in schema or "headers" in schema):
        return schema
    if schema is None:
        return {"description": "No content."}
    return {"description": schema.get("description", "Success."), "content": {"application/json": {"schema": schema}}}


def _path_parameters(endpoint: Endpoint) -> list[dict]:
    out = []
    for name, numeric in endpoint.path_parameters:
        schema = {"type": "integer", "minimum": 1, "maximum": MAX_ID} if numeric else {"type": "string"}
        out.append({"name": name, "in": "path", "required": True, "schema": schema})
    return out


def _request_body(request, endpoint: Endpoint) -> dict:
    form = endpoint.form(request)
    form.state = form.initial_state() or {}
    schema_node = form.bound_schema
    translate = request.localizer.translate
    full = object_schema(schema_node, translate)
    files = {node.name for node in schema_node.children if _is_file(node)}
    json_schema = {**full, "properties": {k: v for k, v in full["properties"].items() if k not in files}}
    if endpoint.partial or endpoint.method == "PATCH":
        # The body names only the fields it changes (see bodies.with_current_values).
        for schema in (full, json_schema):
            schema.pop("required", None)
    if endpoint.method == "PATCH":
        # As in a JSON merge patch, null empties a field.
        json_schema["properties"] = {name: {"anyOf": [prop, {"type": "null"}]}
                                     for name, prop in json_schema["properties"].items()}
    elif "required" in full:
        json_schema["required"] = [name for name in full["required"] if name not in files]
    content = {"application/json": {"schema": json_schema}}
    if endpoint.multipart:
        content["multipart/form-data"] = {"schema": full}
    return {"required": True, "content": content}


def _is_file(node) -> bool:
    typ = node.typ
    inner = node.children[0].typ if node.children else None
    return isinstance(typ, FileUpload) or isinstance(inner, FileUpload)
