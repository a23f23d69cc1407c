"""Logout ends the session on the server: a saved copy of the cookie is worth nothing."""
import datetime as dt

import pytest
import sqlalchemy as sa

from cc_core.models import RevokedSession
from cc_core.sessions import purge_expired
from cc_core.testing import do_login

pytestmark = pytest.mark.cc_plugins("hello")


def replay(new_testapp, cookie):
    """Another browser (the attacker's) presenting a copied session cookie."""
    attacker = new_testapp("203.0.113.66")
    attacker.set_cookie("cc_session", cookie)
    return attacker


def test_a_cookie_saved_before_logout_is_refused_after_it(testapp, new_testapp, dbsession):
    do_login(testapp, "demo@example.com")
    saved = testapp.cookies["cc_session"]
    assert replay(new_testapp, saved).get("/hello/private").status_int == 200
    testapp.get("/").forms["logout-form"].submit(status=303)

    attacker = replay(new_testapp, saved)
    response = attacker.get("/hello/private", status=303)
    assert "/login" in response.location
    assert "Dana Demo" not in attacker.get("/").text
    assert dbsession.scalar(sa.select(sa.func.count()).select_from(RevokedSession)) == 1


def test_logging_in_again_gives_a_new_session_the_old_revocation_does_not_touch(testapp, new_testapp):
    do_login(testapp, "demo@example.com")
    testapp.get("/").forms["logout-form"].submit(status=303)
    do_login(testapp, "demo@example.com")
    assert testapp.get("/hello/private").status_int == 200


def test_a_logged_in_page_loads_the_person_and_the_revocation_in_one_statement(testapp, sql_statements):
    do_login(testapp, "demo@example.com")
    with sql_statements() as engine_statements:
        testapp.get("/hello/private")
    person_reads = [s for s in engine_statements if "FROM cc_person" in s]
    assert len(person_reads) == 1 and "cc_revoked_session" in person_reads[0]
    assert not [s for s in engine_statements if "cc_revoked_session" in s and "cc_person" not in s]


def test_purge_expired_keeps_revocations_whose_cookies_could_still_be_used(dbsession):
    now = dt.datetime.now(dt.timezone.utc)
    dbsession.add_all([RevokedSession(session_id="old", expires_at=now - dt.timedelta(seconds=1)),
                       RevokedSession(session_id="live", expires_at=now + dt.timedelta(hours=2))])
    dbsession.flush()
    assert purge_expired(dbsession, now) == 1
    assert dbsession.scalars(sa.select(RevokedSession.session_id)).all() == ["live"]


def test_a_revocation_lasts_as_long_as_the_cookie_could(testapp, dbsession):
    do_login(testapp, "demo@example.com")
    testapp.get("/").forms["logout-form"].submit(status=303)
    row = dbsession.scalars(sa.select(RevokedSession)).one()
    left = row.expires_at - dt.datetime.now(dt.timezone.utc)
    # cc.session.idle_timeout (7200) plus cc.session.reissue_time (300).
    assert dt.timedelta(seconds=7400) < left <= dt.timedelta(seconds=7500)
