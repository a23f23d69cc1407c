"""Errors of the JSON API as ``application/problem+json`` (RFC 9457).

Views and the machinery raise :class:`ApiProblem`; the exception views
here turn it, and every other error under ``/api/`` (a missing route, a
refused CSRF token, a body too large, an unexpected exception), into a
problem document instead of an HTML page.  Raising rather than returning
lets ``pyramid_tm`` roll back whatever the request had changed.
"""
from __future__ import annotations

import logging
import sys

from pyramid.exceptions import BadCSRFToken
from pyramid.httpexceptions import (HTTPBadRequest, HTTPException, HTTPForbidden, HTTPRequestEntityTooLarge,
                                    HTTPTooManyRequests)
from pyramid.response import Response
from pyramid.view import exception_view_config, notfound_view_config

from ..i18n import _

log = logging.getLogger("cc_core.api_v1")

PROBLEM_TYPE = "application/problem+json"
API_PATH = r"^/api/"

TITLES = {
    400: _("api-400", default="The request could not be understood."),
    401: _("api-401", default="Authentication is needed: send a valid access token."),
    403: _("api-403", default="This is not allowed with these credentials."),
    404: _("api-404", default="There is nothing here, or it is not yours to see."),
    405: _("api-405", default="This method is not allowed here."),
    409: _("api-409", default="A request with this idempotency key is still being processed."),
    412: _("api-412", default="It changed since you read it: read it again and reapply your change."),
    413: _("api-413", default="The request body is larger than this portal accepts."),
    415: _("api-415", default="Send the body as JSON or as multipart form data."),
    422: _("api-422", default="Some fields were not accepted."),
    428: _("api-428", default="Send If-Match with the ETag you read."),
    429: _("api-429", default="Too many requests: wait before you send more."),
    500: _("api-500", default="An error on our side; it has been logged."),
    503: _("api-503", default="The portal cannot reach its database just now; try again in a minute."),
}


class ApiProblem(Exception):
    """An API error: ``status``, an optional ``detail``, field ``errors`` and extra ``headers``."""

    def __init__(self, status: int, detail=None, errors: dict | None = None, headers: dict | None = None):
        super().__init__(status)
        self.status = status
        self.detail = detail
        self.errors = errors or {}
        self.headers = headers or {}


def problem_response(request, status: int, detail=None, errors: dict | None = None,
                     headers: dict | None = None) -> Response:
    """A problem document for ``status``, its texts in the caller's language."""
    translate = request.localizer.translate
    title = TITLES.get(status) or TITLES[500 if status >= 500 else 400]
    body = {"type": "about:blank", "title": translate(title), "status": status}
    if detail:
        body["detail"] = translate(detail)
    if errors:
        body["errors"] = {name: translate(message) for name, message in errors.items()}
    response = Response(status=status, json_body=body, content_type=PROBLEM_TYPE, charset="utf-8")
    response.headers.update(headers or {})
    response.headers["Cache-Control"] = "no-store"
    return response


PROBLEM_SCHEMA = {
    "type": "object",
    "required": ["type", "title", "status"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {"type": "object", "additionalProperties": {"type": "string"},
                   "description": "A message for each refused field; the empty name is for the whole body."},
    },
}


@exception_view_config(ApiProblem, path_info=API_PATH)
def api_problem(exc, request):
    return problem_response(request, exc.status, exc.detail, exc.errors, exc.headers)


@notfound_view_config(path_info=API_PATH)
def api_not_found(request):
    return problem_response(request, 404)


@exception_view_config(HTTPException, path_info=API_PATH)
# The core's pages have views for these classes; exception views are found
# by class first, so the API's need the same classes to be chosen.
@exception_view_config(HTTPBadRequest, path_info=API_PATH)
@exception_view_config(BadCSRFToken, path_info=API_PATH)
@exception_view_config(HTTPForbidden, path_info=API_PATH)
@exception_view_config(HTTPRequestEntityTooLarge, path_info=API_PATH)
@exception_view_config(HTTPTooManyRequests, path_info=API_PATH)
def api_http_error(exc, request):
    """Pyramid's own refusals (a bad CSRF token, a body too large, a bad path) as problems."""
    status = exc.code if exc.code >= 400 else 400
    headers = {"Allow": exc.headers["Allow"]} if "Allow" in exc.headers else None
    return problem_response(request, status, headers=headers)


@exception_view_config(Exception, path_info=API_PATH)
def api_server_error(exc, request):
    log.error("unhandled error in the API at %s %s", request.method, request.path_qs, exc_info=sys.exc_info())
    return problem_response(request, 500)
