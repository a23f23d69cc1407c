"""The FAQ: a searchable knowledge base that answers before a request is filed.

``includeme`` adds the routes under the prefix the plugin hook gives
(``/faq``, ARCHITECTURE §4), the static files and the translations.
"""
from cc_core import api
from pyramid.events import BeforeRender
from pyramid.renderers import get_renderer

MACROS = "cc_faq:templates/macros.pt"

ID = api.id_segment()


def add_macros(event):
    """Give the plugin's own templates its macros as ``faq`` (overridable by a theme)."""
    name = event.get("renderer_name") or ""
    if name.startswith("cc_faq:") and "faq" not in event:
        event["faq"] = get_renderer(MACROS).implementation()


def includeme(config):
    config.add_route("faq.index", "", inherit_slash=True)
    config.add_route("faq.search", "/search")
    config.add_route("faq.folder", f"/folders/{ID}")
    config.add_route("faq.article", f"/articles/{ID}")
    config.add_route("faq.vote", f"/articles/{ID}/vote")
    config.add_static_view("faq-static", "cc_faq:static/", cache_max_age=3600)
    config.add_translation_dirs("cc_faq:locale/")
    config.add_subscriber(add_macros, BeforeRender)
    config.scan(".views")
    config.include(".manage", route_prefix="/manage")
