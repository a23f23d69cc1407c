"""Every desk URL answers 404 to anybody who is not staff, GET and POST.

The list of routes is read from the running application, so a route added
later without a sample below fails ``test_every_desk_route_is_covered``.
"""
import pytest
from pyramid.interfaces import IRoutesMapper

from conftest import csrf_token

pytestmark = pytest.mark.cc_plugins("desk", "requests", "faq")

#: Route name -> the matchdict values for a URL of that route.
SAMPLES = {
    "desk.persons": {},
    "desk.person.new": {},
    "desk.person": {"id": "person"},
    "desk.person.access": {"id": "person"},
    "desk.person.active": {"id": "person"},
    "desk.person.invite": {"id": "person"},
    "desk.companies": {},
    "desk.company": {"id": "company"},
    "desk.queue": {},
    "desk.request": {"id": "request"},
    "desk.request.message": {"id": "request"},
    "desk.request.change": {"id": "request"},
    "desk.request.publish": {"id": "request"},
    "desk.attachment": {"id": "request", "attachment_id": "attachment"},
    "desk.failed_mail": {},
    "desk.failed_mail.retry": {"id": "person"},
}
#: Routes that only take posts (their GET is 404 for staff as well).
POST_ONLY = ("desk.person.access", "desk.person.active", "desk.person.invite", "desk.request.message",
             "desk.request.change", "desk.failed_mail.retry")
NOT_STAFF = ["demo@example.com", "manager@example.com", "other@example.net"]


def desk_routes(app):
    mapper = app.registry.getUtility(IRoutesMapper)
    return {route.name: route for route in mapper.get_routes() if route.name.startswith("desk.")}


def desk_urls(app, demo_ids):
    for name, route in sorted(desk_routes(app).items()):
        values = {key: str(demo_ids[sample]) for key, sample in SAMPLES[name].items()}
        yield name, route.generate(values)


def test_every_desk_route_is_covered(app):
    assert set(desk_routes(app)) == set(SAMPLES)


def test_anonymous_visitors_get_404_everywhere(testapp, app, demo_ids):
    for name, url in desk_urls(app, demo_ids):
        assert testapp.get(url, status="*").status_int == 404, name
        assert testapp.post(url, {"q": "x"}, status="*").status_int == 404, name


@pytest.mark.parametrize("email", NOT_STAFF)
def test_customers_and_managers_get_404_everywhere(testapp, login, app, demo_ids, email):
    login(testapp, email)
    token = csrf_token(testapp)
    for name, url in desk_urls(app, demo_ids):
        page = testapp.get(url, status="*")
        assert page.status_int == 404, name
        assert "Page not found" in page.text
        # A valid CSRF token: the 404 is the access check, not a CSRF refusal.
        assert testapp.post(url, {"csrf_token": token}, status="*").status_int == 404, name


def test_a_deactivated_agent_is_logged_out_and_gets_404(testapp, login, dbsession, app, demo_ids):
    from cc_core.testing import person_by_email

    login(testapp, "agent@example.com")
    testapp.get("/desk/customers", status=200)
    person_by_email(dbsession, "agent@example.com").is_active = False
    dbsession.flush()
    testapp.get("/desk/customers", status=404)


def test_staff_see_every_page(agent, app, demo_ids):
    for name, url in desk_urls(app, demo_ids):
        if name not in POST_ONLY:
            assert agent.get(url).status_int == 200, name


def test_desk_link_in_the_main_menu_only_for_staff(testapp, login):
    login(testapp, "demo@example.com")
    assert testapp.get("/").html.select_one('nav.main-nav a[href^="/desk"]') is None
    testapp.post("/logout", {"csrf_token": csrf_token(testapp)})
    login(testapp, "agent@example.com")
    assert testapp.get("/").html.select_one('nav.main-nav a[href^="/desk"]') is not None
