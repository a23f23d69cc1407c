"""Shared helpers of the desk's tests."""
import pytest
import sqlalchemy as sa

from cc_requests import public as rq

from cc_core.testing import person_by_email


def csrf_token(testapp) -> str:
    """The session's CSRF token, read from the logout form as a browser would."""
    return testapp.get("/").forms["logout-form"]["csrf_token"].value


@pytest.fixture
def agent(testapp, login):
    """``testapp`` logged in as the demo agent."""
    login(testapp, "agent@example.com")
    return testapp


@pytest.fixture
def demo_ids(dbsession):
    """Ids of demo rows that desk URLs need: a person, their company, a request with a file, the file."""
    demo = person_by_email(dbsession, "demo@example.com")
    attachment = dbsession.scalars(sa.select(rq.Attachment).join(rq.Request)
                                   .where(rq.Request.owner_id == demo.id).order_by(rq.Attachment.id)).first()
    return {"person": demo.id, "company": demo.company_id, "request": attachment.request_id,
            "attachment": attachment.id}
