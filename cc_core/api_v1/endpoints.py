"""What a plugin contributes through ``cc_api_endpoints``, and how the core serves it.

A plugin returns :class:`Endpoint` objects (and :class:`ApiComponent`
schemas they refer to).  The core adds a route and a view for each
endpoint under ``/api/v1``; the view (:func:`serve`) does, in order, for
every endpoint alike: who calls (token or session, CSRF for the
session's unsafe methods), whether the caller may (logged in, the
token's scope), the rate limit, a replay of an ``Idempotency-Key``, the
body's validation by the endpoint's form, and only then the plugin's
function.  The same objects describe the endpoint in the OpenAPI
document (:mod:`.openapi`), so what is served and what is described
are one list.
"""
from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable

from pyramid.response import Response

from . import idempotency
from .bodies import validated_values
from .callers import CHALLENGE, SAFE_METHODS, identify
from .problems import ApiProblem
from .rate_limit import count_request

PREFIX = "/api/v1"
_PLACEHOLDER = re.compile(r"\{(\w+)(?::[^}]*)?\}")


@dataclasses.dataclass(frozen=True)
class ApiResult:
    """What an endpoint's function returns: the JSON ``body``, its ``status`` and extra ``headers``."""

    body: object
    status: int = 200
    headers: dict = dataclasses.field(default_factory=dict)


@dataclasses.dataclass(frozen=True)
class ApiComponent:
    """A named JSON Schema under ``components/schemas``, for ``{"$ref": "#/components/schemas/<name>"}``."""

    name: str
    schema: dict


@dataclasses.dataclass(frozen=True)
class Endpoint:
    """One operation of the API.

    ``name``        unique, prefixed with the plugin's (``"requests.list"``); the route is ``api.<name>``
    ``method``      ``GET``, ``POST``, ``PUT``, ``PATCH`` or ``DELETE``
    ``path``        under ``/api/v1``, a Pyramid pattern (``"/requests/{id:\\d+}"``)
    ``view``        ``view(request) -> ApiResult | dict | list``; ``request.api_values`` holds the
                    validated body, ``request.api_caller`` the caller; raise :class:`ApiProblem`
    ``summary``     one line for the OpenAPI document
    ``responses``   status → JSON Schema of the body (problems are added by the core), or a function of
                    the request making it (an answer whose fields the installed plugins decide)
    ``form``        the :class:`cc_core.api.Form` class (or a function of the request making the form)
                    whose schema and checks validate the body; ``request.api_form`` is that form; a
                    ``PATCH`` body names only what changes, the form's ``initial()`` gives the rest
    ``multipart``   the body is ``multipart/form-data`` (files) as well as JSON
    ``parameters``  OpenAPI parameter objects for the query (path parameters are derived)
    ``anonymous``   callable without credentials (a public FAQ); the view decides what they see
    ``tags``        OpenAPI tags
    """

    name: str
    method: str
    path: str
    view: Callable
    summary: str
    responses: dict = dataclasses.field(default_factory=dict)
    form: type | None = None
    multipart: bool = False
    parameters: tuple = ()
    anonymous: bool = False
    tags: tuple = ()

    @property
    def writes(self) -> bool:
        return self.method not in SAFE_METHODS

    @property
    def openapi_path(self) -> str:
        return PREFIX + _PLACEHOLDER.sub(r"{\1}", self.path)

    @property
    def path_parameters(self) -> list[tuple[str, bool]]:
        """(name, whether digits only) for each placeholder."""
        return [(m.group(1), "\\d" in (m.group(0))) for m in _PLACEHOLDER.finditer(self.path)]


def serve(endpoint: Endpoint):
    """The Pyramid view of ``endpoint``: the machinery every endpoint shares, then its function."""
    def view(request):
        caller = identify(request)
        request.api_caller = caller
        if caller.person is None and not endpoint.anonymous:
            raise ApiProblem(401, headers={"WWW-Authenticate": CHALLENGE})
        if endpoint.writes and not caller.may_write:
            raise ApiProblem(403, headers={"WWW-Authenticate": CHALLENGE + ', error="insufficient_scope"'})
        count_request(request, caller.owner_key or f"client:{request.client_address or '-'}")
        key = idempotency.idempotency_key(request) if request.method == "POST" else None
        if key is not None and caller.owner_key is not None:
            previous = idempotency.replay(request, caller.owner_key, key)
            if previous is not None:
                return previous
        request.api_values = validated_values(request, endpoint.form) if endpoint.form else {}
        response = as_response(endpoint.view(request))
        if key is not None and caller.owner_key is not None and response.status_int < 300:
            idempotency.keep(request, caller.owner_key, key, response)
        return response

    view.__name__ = view.__qualname__ = f"api_{endpoint.name.replace('.', '_')}"
    view.__doc__ = endpoint.summary
    return view


def as_response(result) -> Response:
    if isinstance(result, Response):
        return result
    if not isinstance(result, ApiResult):
        result = ApiResult(result)
    response = Response(status=result.status, content_type="application/json", charset="utf-8")
    if result.status != 204:
        response.text = json.dumps(result.body, ensure_ascii=False, separators=(",", ":"))
    response.headers.update(result.headers)
    return response


def add_endpoints(config, endpoints) -> None:
    """Add a route for each path (named after its first endpoint) and a view for each method on it."""
    routes: dict[str, str] = {}
    seen: set = set()
    for endpoint in endpoints:
        for identity in (endpoint.name, (endpoint.method, endpoint.openapi_path)):
            if identity in seen:
                raise ValueError(f"two API endpoints are {identity!r}")
            seen.add(identity)
        if endpoint.path not in routes:
            routes[endpoint.path] = f"api.{endpoint.name}"
            config.add_route(routes[endpoint.path], PREFIX + endpoint.path)
        config.add_view(serve(endpoint), route_name=routes[endpoint.path], request_method=endpoint.method,
                        require_csrf=False, permission="api")
