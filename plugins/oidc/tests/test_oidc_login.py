"""Signing in through a real OpenID Connect provider process: buttons, linking, provisioning, logout."""
import uuid

import pytest
import sqlalchemy as sa

from cc_core.testing import create_person, person_by_email
from cc_oidc.models import Identity
from cc_oidc.testing import authorization_params
from oidc_flow import logged_in_name, sign_in, start

pytestmark = pytest.mark.cc_plugins("oidc", "preferences")


def new_sub() -> str:
    return f"user-{uuid.uuid4().hex[:12]}"


def test_login_page_has_a_button_per_provider(testapp):
    page = testapp.get("/login?came_from=/preferences")
    buttons = page.html.select(".sign-in-entries a")
    assert [b.get_text(strip=True) for b in buttons] == ["Sign in with Corp", "Sign in with Partner"]
    assert buttons[0]["href"] == "/oidc/corp/login?came_from=%2Fpreferences"


def test_form_posts_may_end_at_the_providers(testapp, oidc_provider, oidc_provider_b):
    policy = testapp.get("/login").headers["Content-Security-Policy"]
    assert f"form-action 'self' {oidc_provider.url} {oidc_provider_b.url};" in policy or \
        f"form-action 'self' {oidc_provider_b.url} {oidc_provider.url};" in policy


def test_start_sends_the_browser_to_the_provider_with_pkce_state_and_nonce(testapp, oidc_provider):
    location = start(testapp)
    assert location.startswith(f"{oidc_provider.url}/oauth2/authorize?")
    params = authorization_params(location)
    assert params["response_type"] == "code" and params["client_id"] == "customer-centre"
    assert params["code_challenge_method"] == "S256" and len(params["code_challenge"]) == 43
    assert len(params["state"]) >= 32 and len(params["nonce"]) >= 32 and params["state"] != params["nonce"]
    assert params["redirect_uri"] == "http://localhost/oidc/corp/callback"
    assert params["scope"] == "openid email profile"


def test_verified_email_links_the_existing_customer_and_signs_in(testapp, oidc_provider, dbsession):
    sub = new_sub()
    oidc_provider.set_user(sub, email="Demo@Example.com", email_verified=True, name="Dana at Corp")
    cookie_before = testapp.cookies.get("cc_session")
    response = sign_in(testapp, oidc_provider, sub, came_from="/preferences")
    assert response.status_int == 303 and response.location.endswith("/preferences")
    assert testapp.cookies["cc_session"] != cookie_before
    assert "Dana Demo" in testapp.get("/").text
    demo = person_by_email(dbsession, "demo@example.com")
    identity = dbsession.scalar(sa.select(Identity).where(Identity.subject == sub))
    assert identity.person_id == demo.id and identity.issuer == oidc_provider.url
    assert identity.email == "demo@example.com" and demo.last_login_at is not None


def test_the_stored_pair_signs_in_even_after_the_address_changed_at_the_provider(testapp, new_testapp,
                                                                                oidc_provider):
    sub = new_sub()
    oidc_provider.set_user(sub, email="demo@example.com", email_verified=True)
    assert sign_in(testapp, oidc_provider, sub).status_int == 303
    oidc_provider.set_user(sub, email="dana.renamed@corp.example", email_verified=False)
    browser = new_testapp()
    assert sign_in(browser, oidc_provider, sub).status_int == 303
    assert "Dana Demo" in browser.get("/").text


def test_unverified_email_matching_a_customer_neither_links_nor_signs_in(testapp, oidc_provider, dbsession):
    sub = new_sub()
    oidc_provider.set_user(sub, email="demo@example.com", email_verified=False)
    response = sign_in(testapp, oidc_provider, sub, expect_errors=True)
    assert response.status_int == 400
    assert "has not confirmed your e-mail address" in response.text
    assert not logged_in_name(testapp)
    assert dbsession.scalar(sa.select(sa.func.count()).select_from(Identity).where(Identity.subject == sub)) == 0


def test_email_without_verification_claim_counts_as_unverified(testapp, oidc_provider):
    sub = new_sub()
    oidc_provider.set_user(sub, email="demo@example.com")
    assert sign_in(testapp, oidc_provider, sub, expect_errors=True).status_int == 400
    assert not logged_in_name(testapp)


def test_unknown_person_without_provisioning_is_refused(testapp, oidc_provider, dbsession):
    sub = new_sub()
    oidc_provider.set_user(sub, email="stranger@corp.example", email_verified=True)
    response = sign_in(testapp, oidc_provider, sub, expect_errors=True)
    assert response.status_int == 400 and "There is no account here" in response.text
    assert person_by_email(dbsession, "stranger@corp.example") is None


@pytest.mark.oidc(corp={"provision": "company:Corp Ltd"})
def test_provisioning_creates_the_person_at_the_company(testapp, oidc_provider, dbsession):
    sub = new_sub()
    oidc_provider.set_user(sub, email="newbie@corp.example", email_verified=True, name="Nina Newbie")
    assert sign_in(testapp, oidc_provider, sub).status_int == 303
    person = person_by_email(dbsession, "newbie@corp.example")
    assert person.name == "Nina Newbie" and person.company.name == "Corp Ltd"
    assert person.password_hash == "" and not person.is_staff and not person.company_access
    assert "Nina Newbie" in testapp.get("/").text


@pytest.mark.oidc(corp={"provision": "company:Corp Ltd"})
def test_unverified_email_never_provisions(testapp, oidc_provider, dbsession):
    sub = new_sub()
    oidc_provider.set_user(sub, email="sneaky@corp.example", email_verified=False)
    assert sign_in(testapp, oidc_provider, sub, expect_errors=True).status_int == 400
    assert person_by_email(dbsession, "sneaky@corp.example") is None


def test_one_pair_belongs_to_one_person(testapp, new_testapp, oidc_provider, dbsession):
    sub = new_sub()
    oidc_provider.set_user(sub, email="demo@example.com", email_verified=True)
    sign_in(testapp, oidc_provider, sub)
    create_person(dbsession, "second@example.com")
    oidc_provider.set_user(sub, email="second@example.com", email_verified=True)
    browser = new_testapp()
    sign_in(browser, oidc_provider, sub)
    assert "Dana Demo" in browser.get("/").text          # still the first person
    owners = dbsession.scalars(sa.select(Identity.person_id).where(Identity.subject == sub)).all()
    assert len(owners) == 1


def test_an_address_of_another_providers_domain_is_not_linked_here(testapp, oidc_provider, dbsession):
    create_person(dbsession, "member@partner.example")
    sub = new_sub()
    oidc_provider.set_user(sub, email="member@partner.example", email_verified=True)
    response = sign_in(testapp, oidc_provider, sub, expect_errors=True)
    assert response.status_int == 400 and "another organisation" in response.text


@pytest.mark.oidc(corp={"password_login": "false"})
def test_home_realm_discovery_sends_the_domain_to_its_provider(testapp, oidc_provider, dbsession):
    create_person(dbsession, "worker@corp.example")
    form = testapp.get("/login").forms["login"]
    form["email"] = "worker@corp.example"
    response = form.submit()
    assert response.status_int == 303
    assert response.location.endswith("/oidc/corp/login?login_hint=worker%40corp.example")
    location = testapp.get(response.location).location
    assert authorization_params(location)["login_hint"] == "worker@corp.example"
    form = testapp.get("/login").forms["login"]     # other domains keep their passwords
    form["email"], form["password"] = "demo@example.com", "demo-password"
    assert form.submit().status_int == 303 and logged_in_name(testapp)


def test_logout_after_sso_ends_the_session_and_goes_to_the_providers_end_session(testapp, oidc_provider):
    sub = new_sub()
    oidc_provider.set_user(sub, email="demo@example.com", email_verified=True)
    sign_in(testapp, oidc_provider, sub)
    response = testapp.get("/").forms["logout-form"].submit()
    assert response.status_int == 303 and response.location.endswith("/oidc/corp/signed-out")
    assert not logged_in_name(testapp)
    response = testapp.get(response.location)
    assert response.location.startswith(f"{oidc_provider.url}/oauth2/end_session?client_id=customer-centre")
    assert "post_logout_redirect_uri=http%3A%2F%2Flocalhost%2F" in response.location
    assert not logged_in_name(testapp)


def test_logout_after_a_password_login_stays_in_the_portal(testapp, login):
    login(testapp, "demo@example.com")
    response = testapp.get("/").forms["logout-form"].submit()
    assert response.location == "http://localhost/"


def test_the_signed_out_hop_of_an_unknown_provider_goes_home(testapp):
    assert testapp.get("/oidc/nobody/signed-out").location == "http://localhost/"


@pytest.mark.oidc(corp={"trust_domains": "true"})
def test_a_provider_trusted_for_its_domains_vouches_for_those_addresses_only(testapp, new_testapp, oidc_provider,
                                                                           dbsession):
    create_person(dbsession, "owned@corp.example")
    sub = new_sub()
    oidc_provider.set_user(sub, email="owned@corp.example")           # no email_verified at all
    assert sign_in(testapp, oidc_provider, sub).status_int == 303
    sub = new_sub()
    oidc_provider.set_user(sub, email="demo@example.com")             # not one of its domains
    browser = new_testapp()
    assert sign_in(browser, oidc_provider, sub, expect_errors=True).status_int == 400
    assert not logged_in_name(browser)
