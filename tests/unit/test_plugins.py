"""Plugin discovery, blocking and start-up errors, through real entry points."""
import pytest

from cc_core.plugins import PluginError, build_plugin_manager
from cc_core.layout import NavItem


def test_installed_plugin_is_discovered_through_its_entry_point():
    pm = build_plugin_manager({}, only=["hello"])
    info = pm.infos["hello"]
    assert info.distribution == "cc-test-hello"
    assert info.version == "1.2.3"
    assert info.package == "cc_test_hello"
    assert "core" in pm.infos


def test_disabled_plugin_is_not_loaded():
    pm = build_plugin_manager({"cc.plugins.disabled": "hello broken misspelt"})
    assert "hello" not in pm.infos


def test_a_plugin_that_fails_to_import_stops_startup_naming_it():
    with pytest.raises(PluginError) as excinfo:
        build_plugin_manager({}, only=["broken"])
    message = str(excinfo.value)
    assert "'broken'" in message and "cc_test_broken.plugin" in message and "failed to import" in message


def test_a_misspelt_hook_stops_startup_naming_the_plugin():
    with pytest.raises(PluginError) as excinfo:
        build_plugin_manager({}, only=["misspelt"])
    assert "'misspelt'" in str(excinfo.value)
    assert "cc_navigaton" in str(excinfo.value)


def test_asking_for_a_plugin_that_is_not_installed_fails():
    with pytest.raises(PluginError, match="not installed: nope"):
        build_plugin_manager({}, only=["nope"])


def test_every_installed_plugin_loads_when_none_is_broken():
    pm = build_plugin_manager({"cc.plugins.disabled": "broken misspelt"})
    assert {"core", "hello"} <= set(pm.infos)


def test_collector_items_are_frozen():
    item = NavItem(label="A", route="a")
    with pytest.raises(AttributeError):
        item.label = "B"


def _module(name, **functions):
    import types

    module = types.ModuleType(name)
    for key, value in functions.items():
        setattr(module, key, value)
    return module


def test_cc_add_hookspecs_lets_a_plugin_offer_hooks_to_others():
    from cc_core import api

    specs = _module("offered_specs")

    @api.hookspec
    def cc_offer_colour(request):
        """Return a colour name."""

    specs.cc_offer_colour = cc_offer_colour

    @api.hookimpl
    def cc_add_hookspecs(plugin_manager):
        plugin_manager.add_hookspecs(specs)

    @api.hookimpl
    def cc_offer_colour(request):
        return "green"

    offering = _module("offering", cc_add_hookspecs=cc_add_hookspecs)
    implementing = _module("implementing", cc_offer_colour=cc_offer_colour)
    pm = build_plugin_manager({}, only=(), extra=[("offering", offering), ("implementing", implementing)])
    assert pm.hook.cc_offer_colour(request=None) == ["green"]


def test_an_optional_hook_of_an_absent_plugin_does_not_stop_startup():
    from cc_core import api

    @api.hookimpl(optionalhook=True)
    def cc_absent_plugin_hook(request):
        return 1

    pm = build_plugin_manager({}, only=(), extra=[("lonely", _module("lonely", cc_absent_plugin_hook=cc_absent_plugin_hook))])
    assert "lonely" in pm.infos
