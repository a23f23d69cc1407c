"""``api.id_path``: a list's row links made without the router, equal to what the router makes."""
import pytest
from pyramid.interfaces import IRoutesMapper
from pyramid.request import Request

from cc_core import api, route_paths

pytestmark = pytest.mark.cc_plugins("faq")


def _request(app, script_name=""):
    request = Request.blank("/", base_url=f"http://localhost{script_name}")
    request.registry = app.registry
    return request


@pytest.mark.parametrize("script_name", ["", "/portal"])
def test_id_paths_are_the_routers_paths(app, script_name):
    routes = ["faq.article", "faq.folder", "faq.vote", "api.faq.article"]
    request = _request(app, script_name)
    for name in routes:
        for row_id in (1, 42, 10**9):
            assert api.id_path(request, name, row_id) == request.route_path(name, id=row_id)
    remembered = app.registry[route_paths._ID_PATHS_KEY]
    assert remembered[("faq.article", script_name)] == (f"{script_name}/faq/articles/", "")
    assert remembered[("faq.vote", script_name)] == (f"{script_name}/faq/articles/", "/vote")


def test_a_route_with_a_pregenerator_is_generated_each_time(app):
    route = app.registry.getUtility(IRoutesMapper).get_route("faq.folder")
    original = route.pregenerator
    app.registry.get(route_paths._ID_PATHS_KEY, {}).pop(("faq.folder", ""), None)  # the app is shared
    route.pregenerator = lambda request, elements, kw: (elements, {**kw, "id": kw["id"] + 1})
    try:
        request = _request(app)
        assert api.id_path(request, "faq.folder", 7) == "/faq/folders/8"
        assert ("faq.folder", "") not in app.registry.get(route_paths._ID_PATHS_KEY, {})
    finally:
        route.pregenerator = original


def test_an_id_is_put_in_as_a_number(app):
    with pytest.raises(ValueError):
        api.id_path(_request(app), "faq.article", "1/../../admin")
