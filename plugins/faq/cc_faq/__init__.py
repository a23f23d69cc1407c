"""The FAQ: a searchable knowledge base that answers before a request is filed.

``includeme`` adds the routes under the prefix the plugin hook gives
(``/faq``, ARCHITECTURE §4), the static files and the translations.
"""
from cc_core import api

from .links import article_path, folder_path

MACROS = "cc_faq:templates/macros.pt"

ID = api.id_segment()


def includeme(config):
    config.add_route("faq.index", "", inherit_slash=True)
    config.add_route("faq.search", "/search")
    config.add_route("faq.folder", f"/folders/{ID}")
    config.add_route("faq.article", f"/articles/{ID}")
    config.add_route("faq.vote", f"/articles/{ID}/vote")
    config.add_static_view("faq-static", "cc_faq:static/", cache_max_age=3600)
    config.add_translation_dirs("cc_faq:locale/")
    # The plugin's own templates get its macros as ``faq`` (overridable by a
    # theme), and the functions that link its folders and articles.
    api.add_template_macros(config, "faq", MACROS, article_path=article_path, folder_path=folder_path)
    config.scan(".views")
    config.include(".manage", route_prefix="/manage")
