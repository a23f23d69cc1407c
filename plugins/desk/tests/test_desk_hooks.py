"""The hooks the desk offers, implemented by a small plugin module here."""
import sys

import pytest

from cc_core import api

THIS = sys.modules[__name__]


@api.hookimpl(optionalhook=True)
def cc_desk_navigation(request):
    return [api.NavItem(label="Reports", route="desk.companies", order=25, match_prefix="/desk/reports",
                        name="reports")]


pytestmark = pytest.mark.cc_plugins("desk", "requests", extra=[("deskhooks", THIS)])


def test_cc_desk_navigation_items_join_the_desk_menu_in_order(agent):
    page = agent.get("/desk/customers")
    names = [a["data-name"] for a in page.html.select("nav.desk-menu a")]
    assert names.index("customers") < names.index("reports") < names.index("companies")
    current = page.html.select_one('nav.desk-menu a[aria-current="page"]')
    assert current["data-name"] == "customers"


def test_the_desk_will_not_start_without_the_requests_plugin(cc_base_settings):
    from cc_core.testing import build_app

    with pytest.raises(Exception, match="needs the requests plugin"):
        build_app(cc_base_settings, ("desk",))
