"""Support requests: customers post, follow, answer, close and reopen them.

``includeme`` adds the routes under the prefix the plugin hook gives
(``/requests``, ARCHITECTURE §4), the static files and the translations.
Other plugins use :mod:`cc_requests.public`; everything else in this
package may change.
"""

from cc_core import api

from .statuses import badge_html, customer_status_label, status_mark

MACROS = "cc_requests:templates/macros.pt"

ID = api.id_segment()
ATTACHMENT_ID = api.id_segment("attachment_id")


def includeme(config):
    config.add_route("requests.list", "", inherit_slash=True)
    config.add_route("requests.new", "/new")
    config.add_route("requests.suggestions", "/suggestions")
    config.add_route("requests.view", f"/{ID}")
    config.add_route("requests.reply", f"/{ID}/reply")
    config.add_route("requests.close", f"/{ID}/close")
    config.add_route("requests.reopen", f"/{ID}/reopen")
    config.add_route("requests.rate", f"/{ID}/rate")
    config.add_route("requests.attachment", f"/{ID}/attachments/{ATTACHMENT_ID}")
    config.add_static_view("requests-static", "cc_requests:static/", cache_max_age=3600)
    config.add_translation_dirs("cc_requests:locale/")
    # The plugin's own templates get its macros as ``rq`` (overridable by a
    # theme), with the status names the status badge reads.
    api.add_template_macros(config, "rq", MACROS, customer_status_label=customer_status_label,
                            status_mark=status_mark, status_badge=badge_html)
    config.scan(".views")
