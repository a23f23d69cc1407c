"""The person's linked identities: listed, unlinked where a password remains, in the data download."""
import uuid

import pytest
import sqlalchemy as sa

from cc_core.testing import create_person
from cc_oidc.models import Identity
from oidc_flow import sign_in

pytestmark = [pytest.mark.cc_plugins("oidc", "preferences"),
              pytest.mark.oidc(corp={"provision": "company:Corp Ltd"})]


def linked(testapp, provider, email: str) -> str:
    sub = f"user-{uuid.uuid4().hex[:12]}"
    provider.set_user(sub, email=email, email_verified=True)
    assert sign_in(testapp, provider, sub).status_int == 303
    return sub


def test_the_user_menu_leads_to_the_identities(testapp, login):
    login(testapp, "demo@example.com")
    assert testapp.get("/").html.select_one('a[href="/preferences/sign-in"]') is not None


def test_page_lists_the_identities_and_unlinks_one(testapp, oidc_provider, dbsession):
    sub = linked(testapp, oidc_provider, "demo@example.com")
    page = testapp.get("/preferences/sign-in")
    rows = page.html.select("#oidc-identities tbody tr")
    assert [row.select("td")[0].get_text(strip=True) for row in rows] == ["Sign in with Corp"]
    assert "demo@example.com" in rows[0].get_text()
    form = page.forms["oidc-unlink"]
    identity_id = dbsession.scalar(sa.select(Identity.id).where(Identity.subject == sub))
    form["identity"] = str(identity_id)
    response = form.submit()
    assert response.status_int == 303
    assert "no longer signs you in" in response.follow().text
    assert dbsession.scalar(sa.select(Identity).where(Identity.subject == sub)) is None


def test_another_persons_identity_cannot_be_unlinked(testapp, new_testapp, oidc_provider, dbsession):
    other = new_testapp("192.0.2.44")
    create_person(dbsession, "colleague.two@example.com")
    other_sub = linked(other, oidc_provider, "colleague.two@example.com")
    linked(testapp, oidc_provider, "demo@example.com")
    form = testapp.get("/preferences/sign-in").forms["oidc-unlink"]
    foreign_id = dbsession.scalar(sa.select(Identity.id).where(Identity.subject == other_sub))
    form["identity"].force_value(str(foreign_id))
    response = form.submit()
    assert response.status_int == 200 and "has-error" in response.text
    assert dbsession.scalar(sa.select(Identity).where(Identity.subject == other_sub)) is not None


def test_a_person_without_a_password_cannot_unlink(testapp, oidc_provider, dbsession):
    sub = linked(testapp, oidc_provider, "fresh@corp.example")       # provisioned: no password
    page = testapp.get("/preferences/sign-in")
    assert "oidc-unlink" not in page.forms and page.html.select_one("#oidc-no-unlink") is not None
    token = testapp.get("/").forms["logout-form"]["csrf_token"].value
    response = testapp.post("/preferences/sign-in", {"csrf_token": token, "identity": "1"}, expect_errors=True)
    assert response.status_int == 400
    assert dbsession.scalar(sa.select(Identity).where(Identity.subject == sub)) is not None


def test_the_page_needs_a_login(testapp):
    assert testapp.get("/preferences/sign-in", expect_errors=True).status_int in (302, 303, 403)


def test_unlinking_needs_the_csrf_token(testapp, oidc_provider, dbsession):
    sub = linked(testapp, oidc_provider, "demo@example.com")
    identity_id = dbsession.scalar(sa.select(Identity.id).where(Identity.subject == sub))
    response = testapp.post("/preferences/sign-in", {"identity": str(identity_id)}, expect_errors=True)
    assert response.status_int == 400
    assert dbsession.scalar(sa.select(Identity).where(Identity.subject == sub)) is not None


def test_the_data_download_includes_the_identities(testapp, oidc_provider):
    sub = linked(testapp, oidc_provider, "demo@example.com")
    data = testapp.get("/preferences/data").json
    assert [(i["provider"], i["subject"], i["email"]) for i in data["oidc_identities"]] == [
        ("corp", sub, "demo@example.com")]
    assert data["oidc_identities"][0]["issuer"] == oidc_provider.url
