"""cc_core.collectors: a collector hook called plugin by plugin, a failing one left out."""
import logging
import types

import pytest
import sqlalchemy as sa

from cc_core import api
from cc_core.collectors import contributions
from cc_core.plugins import build_plugin_manager


def plugin(name, navigation):
    module = types.ModuleType(f"cc_test_collect_{name}")
    module.cc_navigation = api.hookimpl(navigation)
    return name, module


def fails(request):
    raise RuntimeError("this plugin's menu is broken")


def database_fails(request):
    raise sa.exc.OperationalError("SELECT 1", {}, Exception("connection refused"))


FIRST = plugin("first", lambda request: [api.NavItem(label="B", route="b", order=20),
                                         api.NavItem(label="C", route="c", order=5)])
SECOND = plugin("second", lambda: [api.NavItem(label="A", route="a", order=20)])
EMPTY = plugin("empty", lambda request: None)


def manager(*plugins):
    return build_plugin_manager({}, only=(), extra=plugins)


def labels(items):
    """Labels of the items, leaving out the core's own menu entries."""
    return [i.label for i in items if i.route in ("a", "b", "c")]


def test_items_are_sorted_by_order_then_label_not_by_registration():
    assert labels(api.collect(manager(FIRST, SECOND, EMPTY), "cc_navigation", request=None)) == ["C", "A", "B"]


def test_each_item_is_known_by_its_plugin():
    found = contributions(manager(FIRST, SECOND), "cc_navigation", request=None)
    assert [(c.plugin, c.item.label) for c in found if c.plugin != "core"] == [
        ("first", "C"), ("second", "A"), ("first", "B")]


def test_a_failing_implementation_is_logged_by_name_and_left_out(caplog):
    with caplog.at_level(logging.ERROR, logger="cc_core.collectors"):
        items = api.collect(manager(FIRST, plugin("faulty", fails), SECOND), "cc_navigation", request=None)
    assert labels(items) == ["C", "A", "B"]
    [record] = caplog.records
    assert "plugin faulty failed in cc_navigation" in record.getMessage()
    assert record.exc_info[0] is RuntimeError


def test_a_database_error_is_not_swallowed():
    with pytest.raises(sa.exc.OperationalError):
        api.collect(manager(FIRST, plugin("offline", database_fails)), "cc_navigation", request=None)
