"""Keyset pagination: pages that cost the same on page 1 and page 1,000.

``OFFSET`` makes the database walk past every row before the page, so a
deep page gets slower as a table grows.  A keyset page instead continues
*after* (or *before*) the sort values of the last (or first) row shown,
which an index on the sort columns finds directly.

A page's links carry an opaque **cursor**: the direction and the sort
values of the boundary row, signed with the portal's secret so a visitor
cannot hand the query values of a type it does not expect, and bound to
the sort order it was made for (a cursor of another order is ignored, and
the first page is shown).

Usage::

    order = [Order(Request.updated_at, descending=True), Order(Request.id, descending=True)]
    page = keyset_page(dbsession, stmt, order, cursor=request.GET.get("cursor"),
                       size=50, secret=settings["cc.secret"], purpose="requests.list")
    page.rows        # the rows of ``stmt``, without the sort columns added here
    page.next        # a cursor for the next page, or None on the last one
    page.previous    # a cursor for the page before, or None on the first one

The last :class:`Order` must be unique (a primary key) so that rows with
equal sort values keep a stable order.  Sort expressions must not be NULL
(wrap nullable ones in ``coalesce``): SQL compares nothing to NULL.  The
page costs one query: ``size + 1`` rows are read to know whether another
page follows.  Load related objects with ``joinedload`` of many-to-one
relations or ``selectinload`` (one more query per page, whatever its
size); a joined load of a collection would multiply the rows.
"""
from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import decimal
import hashlib
import typing
from typing import Any, Sequence

import sqlalchemy as sa
from itsdangerous import BadSignature, URLSafeSerializer

AFTER = "a"
BEFORE = "b"


@dataclasses.dataclass(frozen=True)
class Order:
    """One sort column of a keyset: an SQL expression and its direction."""

    expression: Any
    descending: bool = False

    @property
    def name(self) -> str:
        """The expression's SQL text: what tells one sort order from another."""
        return str(self.expression)


class SortableList:
    """What a sortable list's filters share: a ``sort`` of ``column`` or ``-column``.

    Mix it into the (frozen) dataclass of a list's filters, which has a
    ``sort`` field and a ``query(**changes)`` method giving the URL
    parameters; the list's template then builds its column headings from
    :meth:`sort_link` and :meth:`aria_sort`, and its query from
    :meth:`order_by`.
    """

    sort: str
    #: Columns whose first click sorts descending (dates: the newest first).
    descending_first: tuple[str, ...] = ()

    @property
    def column(self) -> str:
        return self.sort.lstrip("-")

    @property
    def descending(self) -> bool:
        return self.sort.startswith("-")

    def order_by(self, expression, unique) -> list[Order]:
        """The keyset order: ``expression`` in the chosen direction, then the ``unique`` column."""
        if expression is unique:
            return [Order(unique, self.descending)]
        return [Order(expression, self.descending), Order(unique, self.descending)]

    def sort_link(self, column: str) -> dict:
        """A column heading's link parameters: the current column turned round, another one fresh."""
        if self.column == column:
            return self.query(sort=column if self.descending else f"-{column}")
        return self.query(sort=f"-{column}" if column in self.descending_first else column)

    def aria_sort(self, column: str) -> str | None:
        """``aria-sort`` of a column heading: only the sorted column has one."""
        if self.column != column:
            return None
        return "descending" if self.descending else "ascending"


@dataclasses.dataclass
class Page:
    """One page of rows and the cursors to its neighbours."""

    rows: list
    next: str | None = None
    previous: str | None = None

    @property
    def is_first(self) -> bool:
        return self.previous is None

    @property
    def items(self) -> list:
        """The first element of each row: the entity when one was selected."""
        return [row[0] for row in self.rows]


@dataclasses.dataclass(frozen=True)
class Cursor:
    """A decoded cursor: continue ``AFTER`` or ``BEFORE`` these values."""

    AFTER: typing.ClassVar[str] = AFTER
    BEFORE: typing.ClassVar[str] = BEFORE

    direction: str
    values: tuple


def _fingerprint(order: Sequence[Order]) -> str:
    """Short digest of a sort order, so a cursor only works with its own."""
    text = "|".join(f"{o.name}:{int(o.descending)}" for o in order)
    return base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()[:6]).decode().rstrip("=")


def _dump_value(value):
    if isinstance(value, dt.datetime):
        return {"dt": value.isoformat()}
    if isinstance(value, dt.date):
        return {"d": value.isoformat()}
    if isinstance(value, decimal.Decimal):
        return {"n": str(value)}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"cannot put a {type(value).__name__} in a cursor")


def _load_value(value):
    if isinstance(value, dict):
        if "dt" in value:
            return dt.datetime.fromisoformat(value["dt"])
        if "d" in value:
            return dt.date.fromisoformat(value["d"])
        if "n" in value:
            return decimal.Decimal(value["n"])
        raise ValueError("unknown value in cursor")
    return value


def _serializer(secret: str, purpose: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret, salt=f"cc.cursor.{purpose}")


def encode_cursor(secret: str, purpose: str, order: Sequence[Order], direction: str, values: Sequence) -> str:
    """Sign a cursor that continues ``direction`` from ``values``."""
    if direction not in (AFTER, BEFORE):
        raise ValueError("direction must be AFTER or BEFORE")
    payload = [_fingerprint(order), direction, [_dump_value(v) for v in values]]
    return _serializer(secret, purpose).dumps(payload)


def decode_cursor(secret: str, purpose: str, order: Sequence[Order], token: str | None) -> Cursor | None:
    """The cursor in ``token``, or ``None`` (first page) when it is absent,
    forged, made for another sort order or otherwise unreadable."""
    if not token or not isinstance(token, str) or len(token) > 2000:
        return None
    try:
        fingerprint, direction, values = _serializer(secret, purpose).loads(token)
        if fingerprint != _fingerprint(order) or direction not in (AFTER, BEFORE) or len(values) != len(order):
            return None
        return Cursor(direction, tuple(_load_value(v) for v in values))
    except (BadSignature, ValueError, TypeError):
        return None


def _beyond(order: Sequence[Order], values: Sequence, forward: bool):
    """The SQL condition "sorts after ``values``" (``forward``) or before them.

    With one direction for every column this is a row-value comparison,
    which both SQLite and PostgreSQL answer from a matching index; mixed
    directions need the expanded form ``(a > x) OR (a = x AND b > y) ...``.
    """
    ascending_after = [(not o.descending) == forward for o in order]
    if all(ascending_after) or not any(ascending_after):
        left = sa.tuple_(*(o.expression for o in order))
        right = sa.tuple_(*(sa.literal(v, type_=o.expression.type) for o, v in zip(order, values)))
        return left > right if ascending_after[0] else left < right
    clauses = []
    for i, (o, value) in enumerate(zip(order, values)):
        equal = [order[j].expression == values[j] for j in range(i)]
        step = o.expression > value if ascending_after[i] else o.expression < value
        clauses.append(sa.and_(*equal, step))
    return sa.or_(*clauses)


def _ordering(order: Sequence[Order], reverse: bool) -> list:
    return [o.expression.desc() if o.descending != reverse else o.expression.asc() for o in order]


def keyset_page(dbsession, stmt, order: Sequence[Order], *, cursor: str | None, size: int, secret: str,
                purpose: str) -> Page:
    """Run ``stmt`` for one page sorted by ``order``, continuing from ``cursor``.

    ``stmt`` is a ``select()`` with its filters but without ``ORDER BY`` or
    ``LIMIT``; the sort expressions are added to its columns (to read the
    boundary values) and taken off the returned rows again.
    """
    if not order:
        raise ValueError("a keyset needs at least one (unique) sort column")
    decoded = decode_cursor(secret, purpose, order, cursor)
    backwards = decoded is not None and decoded.direction == BEFORE
    query = stmt.add_columns(*(o.expression.label(f"_keyset_{i}") for i, o in enumerate(order)))
    if decoded is not None:
        query = query.where(_beyond(order, decoded.values, forward=not backwards))
    query = query.order_by(*_ordering(order, reverse=backwards)).limit(size + 1)
    fetched = dbsession.execute(query).all()
    more = len(fetched) > size
    fetched = fetched[:size]
    if backwards:
        fetched.reverse()
    width = len(order)
    rows = [tuple(row[:-width]) for row in fetched]
    keys = [tuple(row[-width:]) for row in fetched]
    page = Page(rows=rows)
    if not keys:
        return page
    has_next = more if not backwards else True
    has_previous = (decoded is not None) if not backwards else more
    if has_next:
        page.next = encode_cursor(secret, purpose, order, AFTER, keys[-1])
    if has_previous:
        page.previous = encode_cursor(secret, purpose, order, BEFORE, keys[0])
    return page


__all__ = ["Order", "Page", "SortableList", "Cursor", "AFTER", "BEFORE", "keyset_page", "encode_cursor", "decode_cursor"]
