"""503 while the database is unavailable, on every page.

When the database cannot be reached (or SQLite's write lock cannot be
had), a page answers 503 with ``Retry-After`` instead of 500, so load
balancers and browsers know to try again, and the portal recovers by
itself once the database is back: the next request simply connects again.

The page renders in the layout without touching the database: who is
logged in is not looked up, and no plugin is asked for menus or assets
(see ``cc_core.layout.render_without_database``).
"""
import logging

from pyramid.view import exception_view_config

from ..layout import render_without_database
from ..outage import DATABASE_UNAVAILABLE_ERRORS
from .errors import error_page

log = logging.getLogger("cc_core.errors")

DEFAULT_RETRY_AFTER = 30


def database_unavailable(exc, request):
    log.error("database unavailable at %s %s: %s", request.method, request.path_qs, exc)
    render_without_database(request)
    retry_after = int(request.registry.settings.get("cc.unavailable_retry_after", DEFAULT_RETRY_AFTER))
    request.response.headers["Retry-After"] = str(retry_after)
    return error_page(request, 503)


for _error in DATABASE_UNAVAILABLE_ERRORS:
    database_unavailable = exception_view_config(_error, renderer="cc_core:templates/error.pt")(
        database_unavailable)
