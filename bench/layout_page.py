"""The fixed cost: a page that renders only the layout, for a logged-in customer.

Every page of the portal pays for the same things before its own content:
the signed session, the person loaded, the menus the plugins contribute
(with the open-request badge), the assets, the layout template.  This
page pays for exactly those and nothing else, so its server time beside
the floor's is what the portal's design costs per page; a page's own
cost is its time minus this one.

It is not part of the portal: the benchmark serves the application
through :func:`main` (``use = call:bench.layout_page:main`` in the ini),
which registers this module as one more plugin whose only contribution
is the route ``/bench/layout``.
"""
from __future__ import annotations

import sys

from cc_core import api, make_app
from cc_core.plugins import build_plugin_manager

PATH = "/bench/layout"
PLUGIN_NAME = "bench_layout"


@api.hookimpl
def cc_configure(config):
    config.add_route("bench.layout", PATH)
    config.add_view(lambda request: {}, route_name="bench.layout", permission="customer",
                    renderer="bench:templates/layout_only.pt")


def main(global_config, **settings):
    """The portal's application with the layout-only page added."""
    plugin_manager = build_plugin_manager(settings, extra=[(PLUGIN_NAME, sys.modules[__name__])])
    return make_app(settings, plugin_manager=plugin_manager)
