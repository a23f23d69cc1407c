"""cc_user_menu: links beside the logged-in person's name, before "Log out"."""
import types

import pytest

from cc_core import api
from cc_core.testing import do_login


@api.hookimpl
def cc_user_menu(request):
    return [api.NavItem(label="Second", route="hello.page", order=20, name="second"),
            api.NavItem(label="First", route="home", order=10, name="first")]


menu_plugin = types.ModuleType("cc_test_user_menu")
menu_plugin.cc_user_menu = cc_user_menu

pytestmark = pytest.mark.cc_plugins("hello", extra=[("usermenu", menu_plugin)])


def test_the_items_stand_in_order_before_log_out(testapp):
    do_login(testapp, "demo@example.com")
    menu = testapp.get("/").html.select_one(".user-menu")
    links = [(a["data-name"], a.text) for a in menu.select("a")]
    assert links == [("first", "First"), ("second", "Second")]
    assert menu.select_one("a[data-name=first]")["aria-current"] == "page"
    assert menu.find_all(["a", "form"])[-1]["id"] == "logout-form"


def test_visitors_get_no_user_menu_items(testapp):
    page = testapp.get("/")
    assert page.html.select(".user-menu a[data-name]") == []
