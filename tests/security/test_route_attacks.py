"""Every route of the portal, attacked three ways, from the route list itself.

* ``visitor``: logged out.  A page that is not public sends to the login
  page (staff pages answer 404: they hide that they exist); a post to it
  is refused; nothing changes.
* ``stranger``: a customer of another company, with a valid CSRF token.
  Everything of Example Ltd (its requests, attachments, people, company)
  and everything internal (staff pages, internal FAQ folders and
  articles) answers 404, exactly like what does not exist; nothing
  changes.
* ``nocsrf``: the rightful user (the owner, the manager, an agent) posts
  without the CSRF token: 400, nothing changes.

The test ids carry the category and the method, so the number of
requests per category is what ``pytest --collect-only -q | grep`` counts.
After every request the answer is never 5xx, and a customer can still
write.
"""
from __future__ import annotations

import pytest

from cc_core.testing import do_login

from .attack_tools import (AGENT, ALL_PLUGINS, CUSTOMER, MANAGER, STRANGER, changed_tables, database_fingerprint,
                           next_write_succeeds)
from .route_plan import FOREIGN_KINDS, collection_app, endpoints, path_of, placeholder_values, routes_of

pytestmark = pytest.mark.cc_plugins(*ALL_PLUGINS)

ENDPOINTS = endpoints(collection_app())
PUBLIC = {"public", "__no_permission_required__"}
#: Who may use a route, by the permission its view asks for.
RIGHTFUL = {"customer": CUSTOMER, "view": CUSTOMER, "edit": MANAGER, "staff": AGENT, "api": CUSTOMER}


def _ids(endpoints_):
    return [str(e) for e in endpoints_]


def test_every_route_has_a_plan(app):
    """A route with placeholders of an unknown kind, or one the plan missed, fails here."""
    assert routes_of(app) == {e.route for e in ENDPOINTS}
    for endpoint in ENDPOINTS:
        endpoint.kind  # raises LookupError naming the route


def test_the_plan_reaches_the_target_companys_data(dbsession):
    for kind in {e.kind for e in ENDPOINTS} - {None}:
        assert placeholder_values(dbsession, kind)


def _csrf_token(testapp) -> str:
    page = testapp.get("/login") if not testapp.cookies.get("cc_session") else testapp.get("/")
    return page.html.select_one('input[name="csrf_token"]')["value"]


def _send(testapp, app, dbsession, endpoint, with_token: bool):
    path = path_of(app, endpoint, placeholder_values(dbsession, endpoint.kind))
    before = database_fingerprint(dbsession)
    if endpoint.method == "GET":
        response = testapp.get(path, status="*")
    else:
        params = {"csrf_token": _csrf_token(testapp)} if with_token else {}
        before = database_fingerprint(dbsession)
        response = getattr(testapp, endpoint.method.lower())(path, params, status="*")
    assert response.status_int < 500, (path, response.status)
    return path, response, changed_tables(before, database_fingerprint(dbsession))


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=[f"visitor-{e}" for e in ENDPOINTS])
def test_a_logged_out_visitor(testapp, new_testapp, app, dbsession, endpoint):
    path, response, changed = _send(testapp, app, dbsession, endpoint, with_token=True)
    if endpoint.permission == "staff":
        # Staff pages hide that they exist from everybody else, visitors included.
        assert response.status_int == 404, (path, response.status)
    elif endpoint.permission == "api" and endpoint.anonymous and endpoint.method == "GET":
        # Open to readers without a token, like the pages it mirrors: what they may not see is not there.
        assert response.status_int in (200, 404), (path, response.status)
    elif endpoint.permission == "api":
        # The JSON API asks for credentials instead of sending to the login page.
        assert response.status_int == 401, (path, response.status)
    elif endpoint.permission not in PUBLIC:
        if endpoint.method == "GET":
            assert response.status_int == 303, (path, response.status)
            assert "/login?came_from=" in response.headers["Location"]
        else:
            assert response.status_int in (400, 403, 404), (path, response.status)
    if endpoint.anonymous and response.status_int < 300:
        # An open API read is counted against the caller's address for the rate limit, and changes nothing else.
        assert set(changed) <= {"cc_login_counter"}, (path, response.status)
    elif response.status_int >= 300 or endpoint.permission not in PUBLIC:
        assert changed == [], (path, response.status)
    next_write_succeeds(new_testapp(), login_first=True)


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=[f"stranger-{e}" for e in ENDPOINTS])
def test_a_customer_of_another_company(testapp, new_testapp, app, dbsession, endpoint):
    do_login(testapp, STRANGER)
    path, response, changed = _send(testapp, app, dbsession, endpoint, with_token=True)
    if endpoint.kind in FOREIGN_KINDS or endpoint.permission == "staff":
        assert response.status_int == 404, (path, response.status)
        assert changed == [], (path, response.status)
    elif response.status_int >= 400:
        assert changed == [], (path, response.status)
    next_write_succeeds(new_testapp(), login_first=True)


UNSAFE = [e for e in ENDPOINTS if e.unsafe]


@pytest.mark.parametrize("endpoint", UNSAFE, ids=[f"nocsrf-{e}" for e in UNSAFE])
def test_a_post_without_the_csrf_token(testapp, new_testapp, app, dbsession, endpoint):
    who = RIGHTFUL.get(endpoint.permission)
    if who is not None:
        do_login(testapp, who)
    path, response, changed = _send(testapp, app, dbsession, endpoint, with_token=False)
    assert response.status_int == 400, (path, response.status)
    assert changed == [], (path, response.status)
    next_write_succeeds(new_testapp(), login_first=True)
