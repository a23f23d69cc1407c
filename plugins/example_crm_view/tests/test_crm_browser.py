"""In Chromium: two browsers edit the company's phone at once, and the first resolves the conflict."""
import pytest

from cc_core.testing import browser_login

pytestmark = [pytest.mark.cc_plugins("example_crm_view"), pytest.mark.browser]

MANAGER = "manager@example.com"


def test_a_manager_resolves_a_concurrent_edit(live_server, browser_context_factory):
    # The first manager is on a phone-sized screen: the journey must work there too.
    first = browser_context_factory(viewport={"width": 360, "height": 780}).new_page()
    second = browser_context_factory().new_page()
    browser_login(first, live_server, MANAGER)
    browser_login(second, live_server, MANAGER)

    first.goto(f"{live_server.url}/company")
    first.get_by_role("link", name="Edit company details").click()
    original = first.input_value("#company-edit-phone")
    first.fill("#company-edit-phone", "+47 33 33 33 33")

    # Meanwhile, in another browser, the phone is changed and saved.
    second.goto(f"{live_server.url}/company/edit")
    second.fill("#company-edit-phone", "+47 44 44 44 44")
    second.click("#company-edit button[type=submit]")
    second.wait_for_url(f"{live_server.url}/company")
    assert "+47 44 44 44 44" in second.inner_text(".crm-phone")

    # The first one saves: the conflict shows both values and keeps what was typed.
    first.click("#company-edit button[type=submit]")
    first.wait_for_selector(".crm-conflict")
    assert first.url == f"{live_server.url}/company/edit"
    assert first.inner_text(".crm-conflict-phone .theirs") == "+47 44 44 44 44"
    assert first.inner_text(".crm-conflict-phone .yours") == "+47 33 33 33 33"
    assert first.input_value("#company-edit-phone") == "+47 33 33 33 33"
    assert "Saved meanwhile as “+47 44 44 44 44”" in first.inner_text("#company-edit-phone-error")
    assert first.evaluate("document.documentElement.scrollWidth") <= 360

    # The summary's link takes the keyboard to the field in question.
    first.click(".crm-conflict-phone th a")
    assert first.evaluate("document.activeElement.id") in ("company-edit-phone", "")
    first.fill("#company-edit-phone", "+47 55 55 55 55")
    first.click("#company-edit button[type=submit]")
    first.wait_for_url(f"{live_server.url}/company")
    assert "have been saved" in first.inner_text(".messages")
    assert "+47 55 55 55 55" in first.inner_text(".crm-phone")

    history = first.inner_text(".crm-history")
    assert "+47 44 44 44 44 → +47 55 55 55 55" in " ".join(history.split())
    assert f"{original} → +47 44 44 44 44" in " ".join(history.split())
    assert first.evaluate("document.documentElement.scrollWidth") <= 360
