"""The JSON API under ``/api/v1``: the machinery the core shares, the endpoints the plugins serve.

The core authenticates (:mod:`.callers`, :mod:`.access_tokens`), limits
(:mod:`.rate_limit`), replays idempotent posts (:mod:`.idempotency`),
validates bodies with the forms' own schemas (:mod:`.bodies`), answers
errors as problem documents (:mod:`.problems`) and describes it all in
one OpenAPI document (:mod:`.openapi`).  Resources are the plugins':
each returns its :class:`.endpoints.Endpoint` objects from the
``cc_api_endpoints`` hook.  docs/api.md is the integrator's guide.
"""
from __future__ import annotations

from pyramid.view import view_config

from .endpoints import PREFIX, ApiComponent, Endpoint, add_endpoints
from .openapi import openapi_document


def collect_contributions(plugin_manager, settings) -> tuple[list[Endpoint], list[ApiComponent]]:
    """Every plugin's endpoints (sorted by path and method) and schema components."""
    endpoints, components = [], {}
    for result in plugin_manager.hook.cc_api_endpoints(settings=settings):
        for item in result or ():
            if isinstance(item, Endpoint):
                endpoints.append(item)
            elif isinstance(item, ApiComponent):
                if item.name in components and components[item.name] != item:
                    raise ValueError(f"two API schema components are named {item.name!r}")
                components[item.name] = item
            else:
                raise TypeError(f"cc_api_endpoints returned {item!r}: expected Endpoint or ApiComponent")
    endpoints.sort(key=lambda e: (e.openapi_path, e.method))
    return endpoints, sorted(components.values(), key=lambda c: c.name)


@view_config(route_name="api.openapi", request_method="GET", permission="public")
def openapi_json(request):
    endpoints, components = request.registry["cc.api"]
    response = request.response
    response.json_body = openapi_document(request, endpoints, components)
    response.content_type = "application/json"
    return response


def includeme(config):
    endpoints, components = collect_contributions(config.registry["cc.plugin_manager"], config.get_settings())
    config.registry["cc.api"] = (endpoints, components)
    config.add_route("api.openapi", PREFIX + "/openapi.json")
    add_endpoints(config, endpoints)
    config.scan(".")
