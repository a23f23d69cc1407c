"""Keyset paging for the desk's customer lists.

Lists are read a page at a time after the last row shown (``after``), never
with ``OFFSET``: the database walks an index from that row on, so page 500
costs what page 1 costs, and rows added meanwhile do not shift the pages.
The cursor is the sort key of the last row, packed into a URL-safe string;
it is only ever used as bound query parameters.
"""
from __future__ import annotations

import base64
import dataclasses
import json

import sqlalchemy as sa


@dataclasses.dataclass
class Page:
    rows: list
    next_cursor: str | None
    is_first: bool


def encode_cursor(values) -> str:
    raw = json.dumps(list(values), separators=(",", ":"), default=str).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str | None, types: tuple) -> tuple | None:
    """The values packed by :func:`encode_cursor`, or ``None`` if unreadable."""
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
        if not isinstance(values, list) or len(values) != len(types):
            return None
        return tuple(kind(value) for kind, value in zip(types, values))
    except (ValueError, TypeError):
        return None


def keyset_page(dbsession, stmt, columns, key, cursor: str | None, types: tuple, size: int,
                descending: bool = False) -> Page:
    """Run ``stmt`` ordered by ``columns``, after ``cursor``.

    ``key(row)`` returns the sort values of a row, in the order of
    ``columns``; the last one must be unique (the primary key).  All
    columns run in the same direction, so one row-value comparison finds
    the next page and an index on the columns serves it.
    """
    after = decode_cursor(cursor, types)
    if after is not None:
        position = sa.tuple_(*columns)
        last = sa.tuple_(*[sa.literal(v, type_=c.type) for c, v in zip(columns, after)])
        stmt = stmt.where(position < last if descending else position > last)
    order = [column.desc() for column in columns] if descending else list(columns)
    rows = list(dbsession.execute(stmt.order_by(*order).limit(size + 1)))
    more = len(rows) > size
    rows = rows[:size]
    next_cursor = encode_cursor(key(rows[-1])) if more and rows else None
    return Page(rows=rows, next_cursor=next_cursor, is_first=after is None)
