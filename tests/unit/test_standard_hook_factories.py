"""The facade's ready-made hook implementations, registered and called by pluggy as a plugin's own would be."""
import types

from cc_core import api
from cc_core.plugins import build_plugin_manager


def acme_hookspecs() -> types.ModuleType:
    specs = types.ModuleType("acme_hookspecs")

    @api.hookspec
    def cc_acme_widgets(request):
        """A hook the acme plugin offers."""

    specs.cc_acme_widgets = cc_acme_widgets
    return specs


def acme_plugin() -> types.ModuleType:
    plugin = types.ModuleType("cc_acme.plugin")
    plugin.cc_configure = api.include_package_hook("cc_acme", route_prefix="/acme")
    plugin.cc_add_hookspecs = api.add_hookspecs_hook(acme_hookspecs())
    plugin.cc_migration_locations = api.migrations_hook("cc_acme")
    return plugin


class RecordingConfig:
    def __init__(self):
        self.included = []

    def include(self, package, route_prefix=None):
        self.included.append((package, route_prefix))


def test_the_made_hooks_are_found_under_the_names_they_are_bound_to():
    pm = build_plugin_manager({}, only=[], extra=[("acme", acme_plugin())])
    assert ["cc_acme:migrations/versions"] in pm.hook.cc_migration_locations()
    # cc_add_hookspecs ran while the manager was finished: the offered hook is known.
    assert hasattr(pm.hook, "cc_acme_widgets") and pm.hook.cc_acme_widgets.spec is not None
    config = RecordingConfig()
    pm.subset_hook_caller("cc_configure", remove_plugins=[pm.get_plugin("core")])(config=config)
    assert config.included == [("cc_acme", "/acme")]


def test_a_package_without_a_prefix_is_included_at_the_root():
    config = RecordingConfig()
    api.include_package_hook("cc_acme")(config)
    assert config.included == [("cc_acme", None)]
    assert api.migrations_hook("cc_other")() == ["cc_other:migrations/versions"]
