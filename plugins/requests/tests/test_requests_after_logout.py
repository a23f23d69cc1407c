"""A session cookie copied before logout cannot post a reply after it."""
import pytest
import sqlalchemy as sa

from cc_core.testing import do_login
from cc_requests.models import Message
from requests_testing import PLUGINS, request_of

pytestmark = pytest.mark.cc_plugins(*PLUGINS)


def test_a_reply_with_a_cookie_saved_before_logout_writes_nothing(testapp, new_testapp, dbsession):
    own = request_of(dbsession, "demo@example.com", "checkout")
    do_login(testapp, "demo@example.com")
    saved = testapp.cookies["cc_session"]
    form = testapp.get(f"/requests/{own.id}").forms["reply"]
    testapp.get("/").forms["logout-form"].submit(status=303)

    attacker = new_testapp("203.0.113.66")
    attacker.set_cookie("cc_session", saved)
    assert "/login" in attacker.get(f"/requests/{own.id}", status=303).location
    form["message"] = "Written with a stolen cookie"
    # Anonymous now: the forbidden view answers a post to a customer page with 404.
    attacker.post(form.action, dict(form.submit_fields()), status=404)
    bodies = dbsession.scalars(sa.select(Message.body).where(Message.request_id == own.id)).all()
    assert "Written with a stolen cookie" not in bodies
