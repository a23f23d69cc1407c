"""Keyset paging for the desk's lists, through the core's ``api.keyset_page``.

Lists are read a page at a time after (or before) the sort values of the
row at the page's edge, never with ``OFFSET``: the database walks an index
from that row on, so page 500 costs what page 1 costs, and rows added
meanwhile do not shift the pages.  The cursor travels in the URL as
``cursor``, signed and bound to its list and sort order; anything else in
that parameter shows the first page.
"""
from __future__ import annotations

from cc_core import api

PAGE_SIZE = 50
PARAMETER = "cursor"


def page_of(request, stmt, order: list[api.Order], purpose: str, size: int = PAGE_SIZE) -> api.Page:
    """One page of ``stmt`` sorted by ``order``, from the request's ``cursor``."""
    cursor = request.GET.get(PARAMETER)
    return api.keyset_page(request.dbsession, stmt, order, cursor=cursor if isinstance(cursor, str) else None,
                           size=size, secret=request.registry.settings["cc.secret"], purpose=f"desk.{purpose}")
