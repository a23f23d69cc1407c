"""The facade other plugins (the staff desk) use: ``cc_requests.public``."""
import pytest
import sqlalchemy as sa
from pyramid import testing as pyramid_testing
from pyramid.request import apply_request_extensions

from cc_core.testing import person_by_email
from cc_requests import public as rq
from requests_testing import request_of

pytestmark = pytest.mark.cc_plugins("requests")


@pytest.fixture
def request_(app, dbsession):
    """A Pyramid request of the app, using the test's session, logged in as the agent."""
    request = pyramid_testing.DummyRequest()
    request.registry = app.registry
    apply_request_extensions(request)
    request.__dict__["dbsession"] = dbsession
    request.__dict__["person"] = person_by_email(dbsession, "agent@example.com")
    request.__dict__["localizer"] = pyramid_testing.DummyRequest().localizer
    request.locale_name = "en"
    return request


def test_everything_named_in_all_exists():
    assert all(hasattr(rq, name) for name in rq.__all__)


def test_visible_requests_query_matches_the_pages_rules(dbsession):
    demo = person_by_email(dbsession, "demo@example.com")
    manager = person_by_email(dbsession, "manager@example.com")
    own = dbsession.scalars(rq.visible_requests_query(demo, rq.COMPANY)).all()
    assert {r.owner_id for r in own} == {demo.id}  # no company access: own only
    company = dbsession.scalars(rq.visible_requests_query(manager, rq.COMPANY)).all()
    assert {r.company_id for r in company} == {manager.company_id} and len({r.owner_id for r in company}) == 3
    assert all(rq.may_see(manager, r) for r in company)
    assert [r for r in company if rq.may_see(demo, r)] == [r for r in company if r.owner_id == demo.id]


def test_staff_add_an_internal_note_and_an_answer(request_, dbsession):
    req = request_of(dbsession, "demo@example.com", "checkout")
    before = req.updated_at
    note = rq.add_message(request_, req, request_.person, "Gateway vendor called back", is_external=False)
    assert not note.is_external and req.updated_at == before  # a note does not bump the list
    answer = rq.add_message(request_, req, request_.person, "Fixed by the vendor", is_external=True)
    assert req.updated_at == answer.created_at
    assert rq.search_condition("vendor") is not None
    found = dbsession.scalars(sa.select(rq.Request.id).where(rq.search_condition("fixed by the vendor"))).all()
    assert found == [req.id]
    assert dbsession.scalars(sa.select(rq.Request.id).where(rq.search_condition("called back"))).all() == []
    thread = rq.messages_of(dbsession, req)
    assert [m.id for m in thread][-2:] == [note.id, answer.id]
    assert note.id not in [m.id for m in rq.messages_of(dbsession, req, include_internal=False)]


def test_change_status_and_labels(request_, dbsession):
    req = request_of(dbsession, "demo@example.com", "checkout")
    assert rq.change_status(request_, req, rq.WAITING, request_.person) is True
    assert rq.change_status(request_, req, rq.WAITING, request_.person) is False
    assert req.status == rq.WAITING and req.is_open
    labels = dict((str(k), v) for k, v in rq.labels(request_, req))
    assert labels["Category"] == "Technical problem" and labels["Product"] == "Web shop"
    assert rq.status_label(rq.WAITING).default == "Waiting for customer"
    assert rq.customer_url(request_, req).endswith(f"/requests/{req.id}")


def test_vocabularies_for_filters(request_, dbsession):
    names = [label for _id, label in rq.categories(dbsession)]
    assert "Discontinued products" in names and "Technical problem › Integrations" in names
    assert [label for _id, label in rq.category_choices(request_)].count("Discontinued products") == 0
    assert [label for _id, label in rq.priorities(dbsession)] == ["Low", "Normal", "High", "Urgent"]
    assert [label for _id, label in rq.priority_choices(request_)][-1] == "Urgent"  # staff may set any


def test_attachment_response_keeps_internal_files_for_staff_views(request_, dbsession):
    import io

    req = request_of(dbsession, "demo@example.com", "checkout")
    note = rq.add_message(request_, req, request_.person, "Trace attached", is_external=False)
    from cc_core import api

    upload = api.UploadedFile("trace.txt", "text/plain", 5, io.BytesIO(b"trace"))
    rq.add_message(request_, req, request_.person, "and the file", is_external=False, attachments=[upload])
    attachment = dbsession.scalars(sa.select(rq.Attachment).where(rq.Attachment.request_id == req.id)
                                   .order_by(rq.Attachment.id.desc())).first()
    assert rq.attachment_response(request_, req, attachment.id) is None
    response = rq.attachment_response(request_, req, attachment.id, internal=True)
    body = b"".join(response.app_iter)
    response.app_iter.close()
    assert body == b"trace"
    assert note.is_external is False
