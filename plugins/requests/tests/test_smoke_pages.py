import pytest

from requests_testing import new_request_form

pytestmark = pytest.mark.cc_plugins("requests")


def test_pages(testapp, login):
    login(testapp, "demo@example.com")
    page = testapp.get("/requests")
    assert "checkout" in page.text
    form = new_request_form(testapp)
    res = form.submit()
    if res.status_int == 200:
        print(res.html.select_one(".error-summary"), res.html.select(".error"))
    page = res.follow()
    assert "Printer on fire" in page.text
    print(page.html.select_one("main"))
