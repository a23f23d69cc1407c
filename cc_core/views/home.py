"""The home page: a panel from each plugin, sorted by their order.

A panel whose hook or template fails is logged with its plugin's name and
left out; the others still show (see :mod:`cc_core.collectors`).
"""
import logging

from pyramid.renderers import render
from pyramid.view import view_config

from ..collectors import DATABASE_ERRORS, contributions
from .search import home_actions

log = logging.getLogger(__name__)


@view_config(route_name="home", renderer="cc_core:templates/home.pt", permission="public")
def home(request):
    panels = []
    for contribution in contributions(request.registry["cc.plugin_manager"], "cc_home_panels", request=request):
        panel = contribution.item
        try:
            html = render(panel.template, {"panel": panel, **dict(panel.values)}, request=request)
        except DATABASE_ERRORS:
            raise
        except Exception:
            log.exception("plugin %s failed to render its home panel %r; it is left out",
                          contribution.plugin, panel.name or panel.title)
            continue
        panels.append({"title": panel.title, "html": html, "name": panel.name})
    return {"panels": panels, "actions": home_actions(request)}
