"""A person signs in through the provider in real headless Chromium, and logs out there too."""
import uuid

import pytest

from cc_oidc.testing import provider_settings

pytestmark = [pytest.mark.browser, pytest.mark.cc_plugins("oidc", "preferences")]


@pytest.fixture(scope="module")
def cc_base_settings(cc_base_settings, oidc_provider_process):
    """The live portal knows provider "corp" (the live server reads the base settings)."""
    return {**cc_base_settings, "cc.oidc.providers": "corp",
            **provider_settings("corp", oidc_provider_process("corp"), password_login="false")}


def test_sign_in_with_the_provider_and_log_out_there(browser_page, live_server, oidc_provider_process, tmp_path):
    provider = oidc_provider_process("corp")
    sub = f"browser-{uuid.uuid4().hex[:8]}"
    provider.set_user(sub, email="demo@example.com", email_verified=True)
    page = browser_page
    page.set_default_timeout(30_000)     # two servers on a shared machine
    page.goto(live_server.url + "/login")
    page.screenshot(path=str(tmp_path / "login-with-sso.png"), full_page=True)
    page.click('.sign-in-entries a[data-method="oidc:corp"]')
    page.wait_for_url(f"{provider.url}/oauth2/authorize*")
    page.fill('input[name="sub"]', sub)
    page.click('button:has-text("Authorize")')
    page.wait_for_selector(".user-name")
    assert page.url.startswith(live_server.url)
    assert page.inner_text(".user-name") == "Dana Demo"
    page.click("#logout-form button")
    page.wait_for_url(f"{provider.url}/oauth2/end_session*")
    page.goto(live_server.url + "/")
    assert page.locator(".user-name").count() == 0


def test_home_realm_discovery_in_the_browser(browser_page, live_server, oidc_provider_process):
    provider = oidc_provider_process("corp")
    page = browser_page
    page.set_default_timeout(30_000)
    page.goto(live_server.url + "/login")
    page.fill("#login-email", "someone@corp.example")
    page.click("#login button[type=submit]")      # no password typed: the provider is asked instead
    page.wait_for_url(f"{provider.url}/oauth2/authorize*")
    assert "login_hint=someone%40corp.example" in page.url
