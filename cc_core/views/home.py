"""The home page: a panel from each plugin, sorted by their order."""
from pyramid.renderers import render
from pyramid.view import view_config

from ..plugins import sorted_results


@view_config(route_name="home", renderer="cc_core:templates/home.pt", permission="public")
def home(request):
    hook = request.registry["cc.plugin_manager"].hook
    panels = []
    for panel in sorted_results(hook.cc_home_panels(request=request)):
        html = render(panel.template, {"panel": panel, **dict(panel.values)}, request=request)
        panels.append({"title": panel.title, "html": html, "name": panel.name})
    return {"panels": panels}
