"""What the request list writes in every row, prepared once per page.

A page of the list has fifty rows.  Written the obvious way, each row
generated its link through the router, called the status badge's macro
(which copies the template's whole scope) and translated its column
labels again.  Here the link is made by ``api.id_path`` (the route's
path generated once, the id put in), each status's badge is written once per page, and the template
translates the labels once (``list.pt``).
"""
from __future__ import annotations

from markupsafe import Markup

from cc_core import api

from .statuses import badge_html


class ListRows:
    """Per-row helpers of one page of the list, for one viewer (their language)."""

    def __init__(self, request):
        self._request = request
        self._translate = request.localizer.translate
        self._badges: dict[str, Markup] = {}

    def view_path(self, request_id: int) -> str:
        """``request.route_path("requests.view", id=request_id)``, without the router."""
        return api.id_path(self._request, "requests.view", request_id)

    def badge(self, status: str) -> Markup:
        """The status badge of ``status`` in the viewer's language (written once per page and status)."""
        found = self._badges.get(status)
        if found is None:
            found = self._badges[status] = badge_html(status, self._translate)
        return found
