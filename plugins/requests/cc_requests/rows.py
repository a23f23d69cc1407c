"""What the request list writes in every row, prepared once per page.

A page of the list has fifty rows.  Written the obvious way, each row
generated its link through the router, called the status badge's macro
(which copies the template's whole scope) and translated its column
labels again.  Here the link is the one route path with the id put in,
each status's badge is written once per page, and the template
translates the labels once (``list.pt``).
"""
from __future__ import annotations

from markupsafe import Markup

from .statuses import badge_html

_MARK = "__id__"


class ListRows:
    """Per-row helpers of one page of the list, for one viewer (their language)."""

    def __init__(self, request):
        self._request = request
        self._translate = request.localizer.translate
        self._badges: dict[str, Markup] = {}
        path = request.route_path("requests.view", id=_MARK)
        self._prefix, marked, self._suffix = path.partition(_MARK)
        self._fixed = bool(marked)

    def view_path(self, request_id: int) -> str:
        """``request.route_path("requests.view", id=request_id)``, without the router."""
        if not self._fixed:
            return self._request.route_path("requests.view", id=request_id)
        return f"{self._prefix}{request_id}{self._suffix}"

    def badge(self, status: str) -> Markup:
        """The status badge of ``status`` in the viewer's language (written once per page and status)."""
        found = self._badges.get(status)
        if found is None:
            found = self._badges[status] = badge_html(status, self._translate)
        return found
