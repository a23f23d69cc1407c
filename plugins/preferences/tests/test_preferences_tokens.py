"""The access tokens page: a token made there works on the API once, shows when it was used, and can be revoked."""
import pytest
import sqlalchemy as sa

from cc_core.api import ApiToken
from cc_core.testing import do_login

pytestmark = pytest.mark.cc_plugins("preferences")


def make_token(testapp, name="My app", scope="read", days="30"):
    form = testapp.get("/preferences/tokens").forms["new-token"]
    form["name"] = name
    form["scope"] = scope
    form["days"] = days
    return form.submit()


def test_a_new_token_is_shown_once_and_works_on_the_api(testapp, new_testapp, dbsession):
    do_login(testapp, "demo@example.com")
    page = make_token(testapp)
    assert page.status_int == 200
    assert page.headers["Cache-Control"] == "no-store"
    secret = page.html.select_one("#new-token-secret").text
    assert secret.startswith("cc_")
    stored = dbsession.scalars(sa.select(ApiToken).where(ApiToken.name == "My app")).one()
    assert secret not in (stored.digest,) and len(stored.digest) == 64
    # Shown once: the list shows the token, never its secret again.
    listed = testapp.get("/preferences/tokens")
    assert secret not in listed.text and "My app" in listed.text and "Never" in listed.text
    api_client = new_testapp("198.51.100.7")
    me = api_client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert me.json["email"] == "demo@example.com" and me.json["token"]["scope"] == "read"
    assert "Never" not in testapp.get("/preferences/tokens").html.select_one(f"#token-{stored.id}").text


def test_a_revoked_token_stops_working(testapp, new_testapp, dbsession):
    do_login(testapp, "demo@example.com")
    secret = make_token(testapp, scope="read-write").html.select_one("#new-token-secret").text
    token = dbsession.scalars(sa.select(ApiToken).where(ApiToken.name == "My app")).one()
    page = testapp.get("/preferences/tokens")
    page.forms[f"revoke-token-{token.id}"].submit(status=303).follow()
    api_client = new_testapp("198.51.100.7")
    api_client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}, status=401)
    assert "My app" not in testapp.get("/preferences/tokens").text


def test_nobody_revokes_another_persons_token(testapp, new_testapp, dbsession):
    do_login(testapp, "demo@example.com")
    secret = make_token(testapp).html.select_one("#new-token-secret").text
    token = dbsession.scalars(sa.select(ApiToken).where(ApiToken.name == "My app")).one()
    stranger = new_testapp("198.51.100.9")
    do_login(stranger, "other@example.net")
    stranger_page = stranger.get("/preferences/tokens")
    assert "My app" not in stranger_page.text
    form = stranger_page.forms["new-token"]
    # The stranger's own valid form, posted to the demo person's token: signed for another id.
    stranger.post(f"/preferences/tokens/{token.id}/revoke",
                  {"csrf_token": form["csrf_token"].value, "_state": form["_state"].value,
                   "_submission": form["_submission"].value}, status=400)
    stranger.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}, status=200)


def test_a_bad_token_form_keeps_the_input_and_names_the_field(testapp, dbsession):
    do_login(testapp, "demo@example.com")
    page = make_token(testapp, name="")
    assert page.html.select_one("#new-token-name-field.has-error") is not None
    assert page.html.select_one("#new-token-secret") is None
    page = make_token(testapp, name="x" * 101)
    assert page.forms["new-token"]["name"].value == "x" * 101
    assert dbsession.scalar(sa.select(sa.func.count()).select_from(ApiToken)) == 0


def test_the_page_is_for_logged_in_people(testapp):
    assert "/login" in testapp.get("/preferences/tokens", status=303).location
