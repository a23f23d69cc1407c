"""The home page's company panel: its figures line up, label left and value right, as on the company page."""
import pytest

from cc_core.testing import browser_login

pytestmark = pytest.mark.cc_plugins("example_crm_view")


def test_the_home_page_loads_the_stylesheet_that_lays_out_the_panel(testapp, login):
    login(testapp, "manager@example.com")
    page = testapp.get("/")
    assert page.html.select_one(".crm-figures") is not None
    sheets = [link["href"] for link in page.html.select("link[rel=stylesheet]")]
    [sheet] = [href for href in sheets if href.split("?")[0].endswith("/company.css")]
    assert ".crm-figures" in testapp.get(sheet).text


@pytest.mark.browser
def test_each_figure_is_on_its_labels_line_and_the_values_line_up(live_server, browser_context_factory):
    page = browser_context_factory(viewport={"width": 1280, "height": 800}).new_page()
    browser_login(page, live_server, "manager@example.com")
    page.goto(live_server.url + "/")
    rows = page.evaluate("""() => Array.from(document.querySelectorAll('.crm-figures dd')).map(dd => {
        const dt = dd.previousElementSibling.getBoundingClientRect(), value = dd.getBoundingClientRect();
        return {dtTop: dt.top, ddTop: value.top, right: value.right};
    })""")
    assert len(rows) == 3
    for row in rows:
        assert abs(row["dtTop"] - row["ddTop"]) < 2, rows   # on the same line as its label
    assert max(r["right"] for r in rows) - min(r["right"] for r in rows) < 1, rows   # one right edge
