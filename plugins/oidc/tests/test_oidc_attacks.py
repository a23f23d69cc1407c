"""Each test is an attacker's request at the callback: refused with a readable page, no session started."""
import base64
import hashlib
import hmac
import json
import time
import uuid

import httpx
import pytest
from joserfc.jwk import KeySet

from cc_oidc.testing import authorization_params, callback_path
from oidc_flow import Forger, logged_in_name, sign_in, sign_in_with_token, start

pytestmark = pytest.mark.cc_plugins("oidc", "preferences")


@pytest.fixture
def demo_sub(oidc_provider):
    sub = f"user-{uuid.uuid4().hex[:12]}"
    oidc_provider.set_user(sub, email="demo@example.com", email_verified=True)
    return sub


def refused(response, reason: str) -> None:
    assert response.status_int == 400, response.status
    assert response.html.select_one("#oidc-error")["data-reason"] == reason
    assert "Single sign-on did not work" in response.text


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unsigned_token(header: dict, claims: dict, secret: bytes | None = None) -> str:
    signing_input = f"{b64(json.dumps(header).encode())}.{b64(json.dumps(claims).encode())}"
    signature = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest() if secret else b""
    return f"{signing_input}.{b64(signature)}"


def test_a_made_up_state_is_refused(testapp, oidc_provider, demo_sub):
    start(testapp)
    response = testapp.get("/oidc/corp/callback?code=abc&state=made-up", expect_errors=True)
    refused(response, "state")
    assert oidc_provider.hits().get("/oauth2/token") is None     # nothing was redeemed
    assert not logged_in_name(testapp)


def test_a_callback_without_anything_is_refused(testapp):
    refused(testapp.get("/oidc/corp/callback", expect_errors=True), "state")


def test_a_reused_state_is_refused(testapp, new_testapp, oidc_provider, demo_sub):
    callback = oidc_provider.authorize(start(testapp), demo_sub)
    assert testapp.get(callback_path(callback)).status_int == 303
    testapp.get("/").forms["logout-form"].submit()
    refused(testapp.get(callback_path(callback), expect_errors=True), "state")
    assert not logged_in_name(testapp)


def test_a_state_from_another_browser_is_refused(testapp, new_testapp, oidc_provider, demo_sub):
    callback = oidc_provider.authorize(start(testapp), demo_sub)
    victim = new_testapp()
    refused(victim.get(callback_path(callback), expect_errors=True), "state")
    assert not logged_in_name(victim)


def test_mix_up_a_code_from_provider_a_at_provider_bs_callback(testapp, oidc_provider, oidc_provider_b, demo_sub):
    callback = oidc_provider.authorize(start(testapp, "corp"), demo_sub)
    mixed = callback_path(callback).replace("/oidc/corp/", "/oidc/partner/")
    refused(testapp.get(mixed, expect_errors=True), "state")
    assert oidc_provider_b.hits().get("/oauth2/token") is None
    assert not logged_in_name(testapp)


def test_mix_up_a_code_from_provider_a_with_provider_bs_state(testapp, oidc_provider, oidc_provider_b, demo_sub):
    code = authorization_params(oidc_provider.authorize(start(testapp, "corp"), demo_sub))["code"]
    b_state = authorization_params(start(testapp, "partner"))["state"]
    response = testapp.get(f"/oidc/partner/callback?code={code}&state={b_state}", expect_errors=True)
    refused(response, "token")       # provider B does not know A's code
    assert not logged_in_name(testapp)


def test_the_iss_parameter_of_another_issuer_is_refused(testapp, oidc_provider, oidc_provider_b, demo_sub):
    callback = oidc_provider.authorize(start(testapp), demo_sub)
    refused(testapp.get(callback_path(callback) + f"&iss={oidc_provider_b.url}", expect_errors=True), "token")


def test_the_provider_saying_no_is_a_readable_page(testapp, oidc_provider):
    refused(testapp.get(callback_path(oidc_provider.deny(start(testapp))), expect_errors=True), "denied")


@pytest.mark.parametrize("change", [
    pytest.param({"nonce": "not-the-nonce"}, id="wrong-nonce"),
    pytest.param({"nonce": None}, id="no-nonce"),
    pytest.param({"aud": "another-client"}, id="wrong-aud"),
    pytest.param({"aud": ["another-client", "customer-centre"]}, id="foreign-azp"),
    pytest.param({"iss": "http://127.0.0.1:1"}, id="wrong-iss"),
    pytest.param({"exp": int(time.time()) - 3600, "iat": int(time.time()) - 4000}, id="expired"),
    pytest.param({"iat": int(time.time()) + 3600}, id="issued-in-the-future"),
    pytest.param({"iat": int(time.time()) - 7200}, id="issued-long-ago"),
])
def test_an_id_token_with_bad_claims_is_refused(testapp, oidc_provider, demo_sub, change):
    forger = Forger(oidc_provider)
    forger.publish()       # even signed with a key the provider publishes
    response = sign_in_with_token(testapp, oidc_provider, demo_sub,
                                  lambda nonce: forger.sign(forger.claims(nonce, demo_sub, **change)))
    refused(response, "token")
    assert not logged_in_name(testapp)


def test_an_id_token_signed_by_an_unpublished_key_is_refused(testapp, oidc_provider, demo_sub):
    forger = Forger(oidc_provider, kid="attacker")
    response = sign_in_with_token(testapp, oidc_provider, demo_sub,
                                  lambda nonce: forger.sign(forger.claims(nonce, demo_sub)))
    refused(response, "token")


def test_alg_none_is_refused(testapp, oidc_provider, demo_sub):
    forger = Forger(oidc_provider)
    response = sign_in_with_token(testapp, oidc_provider, demo_sub, lambda nonce: unsigned_token(
        {"alg": "none", "typ": "JWT"}, forger.claims(nonce, demo_sub)))
    refused(response, "token")
    assert not logged_in_name(testapp)


def test_hs256_keyed_with_the_providers_public_key_is_refused(testapp, oidc_provider, demo_sub):
    published = httpx.get(f"{oidc_provider.url}/jwks").json()
    key = KeySet.import_key_set(published).keys[0]
    public_pem = key.as_pem(private=False)
    forger = Forger(oidc_provider)
    response = sign_in_with_token(testapp, oidc_provider, demo_sub, lambda nonce: unsigned_token(
        {"alg": "HS256", "kid": key.kid}, forger.claims(nonce, demo_sub), secret=public_pem))
    refused(response, "token")
    assert not logged_in_name(testapp)


def test_a_rotated_key_is_fetched_and_accepted(testapp, oidc_provider, demo_sub):
    assert sign_in(testapp, oidc_provider, demo_sub).status_int == 303     # the key set is now cached
    testapp.get("/").forms["logout-form"].submit()
    jwks_fetches = oidc_provider.hits().get("/jwks", 0)
    rotated = Forger(oidc_provider, kid=f"rotated-{uuid.uuid4().hex[:6]}")
    rotated.publish()
    response = sign_in_with_token(testapp, oidc_provider, demo_sub,
                                  lambda nonce: rotated.sign(rotated.claims(nonce, demo_sub)))
    assert response.status_int == 303 and logged_in_name(testapp)
    assert oidc_provider.hits()["/jwks"] == jwks_fetches + 1


def test_userinfo_supplies_the_email_the_id_token_lacks(testapp, oidc_provider, demo_sub):
    forger = Forger(oidc_provider)
    forger.publish()
    response = sign_in_with_token(testapp, oidc_provider, demo_sub, lambda nonce: forger.sign(
        forger.claims(nonce, demo_sub, email=None, email_verified=None)))
    assert response.status_int == 303 and "Dana Demo" in testapp.get("/").text
    assert oidc_provider.hits()["/userinfo"] == 1


def test_a_slow_token_endpoint_gives_a_readable_page_and_passwords_still_work(testapp, oidc_provider, demo_sub,
                                                                              login):
    authorization_url = start(testapp)
    callback = oidc_provider.authorize(authorization_url, demo_sub)
    oidc_provider.behave(["/oauth2/token"], delay=4)       # the portal waits cc.oidc.timeout = 2 s
    began = time.monotonic()
    response = testapp.get(callback_path(callback), expect_errors=True)
    assert 1.5 < time.monotonic() - began < 3.9
    assert response.status_int == 502 and "did not answer in time" in response.text
    assert not logged_in_name(testapp)
    login(testapp, "demo@example.com")
    assert logged_in_name(testapp)


def test_a_provider_answering_with_an_error_page_gives_a_readable_page(testapp, oidc_provider, demo_sub, login):
    callback = oidc_provider.authorize(start(testapp), demo_sub)
    oidc_provider.behave(["/oauth2/token"], status=503)
    response = testapp.get(callback_path(callback), expect_errors=True)
    assert response.status_int == 502 and "answered with an error" in response.text
    login(testapp, "demo@example.com")
    assert logged_in_name(testapp)


@pytest.mark.cc_settings({"cc.login.max_failures_per_address": "3"})
def test_forged_callbacks_from_one_address_are_throttled(testapp):
    statuses = [testapp.get(f"/oidc/corp/callback?state=x{i}&code=y", expect_errors=True).status_int
                for i in range(4)]
    assert statuses == [400, 400, 400, 429]
