"""The request list: filters from the URL, sort columns, one keyset page.

``/requests?status=open|closed|all&scope=mine|company&sort=<col>|-<col>&q=``
(ARCHITECTURE §4).  Every page is one SQL query whatever its size: the
requests with their category, priority and owner joined in, ``size + 1``
rows read after (or before) the cursor's sort values.  Sorting by
category follows the order categories are listed in (their position),
and by priority follows urgency (their rank).
"""
from __future__ import annotations

import dataclasses

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager, load_only

from cc_core import api

from . import access, search
from .models import Category, Priority, Request
from .statuses import CLOSED, OPEN, WAITING

PAGE_SIZE = 50
STATUS_FILTERS = ("open", "closed", "all")
COLUMNS = ("id", "title", "status", "category", "priority", "created", "updated")
DEFAULT_SORT = "-updated"
SORT_PREFERENCE = "requests_list_sort"
PURPOSE = "requests.list"


def sort_expression(column: str):
    """The SQL expression a column sorts by (never NULL, see cc_core.pagination)."""
    if column == "id":
        return Request.id
    if column == "title":
        return sa.func.lower(Request.title)
    if column == "status":
        return sa.case((Request.status == OPEN, 0), (Request.status == WAITING, 1), (Request.status == CLOSED, 2),
                       else_=3)
    if column == "category":
        return sa.func.coalesce(Category.position, -1)
    if column == "priority":
        return sa.func.coalesce(Priority.rank, -1)
    if column == "created":
        return Request.created_at
    return Request.updated_at


def parse_sort(value) -> str | None:
    """``value`` if it names a sort (``title``, ``-updated``), else ``None``."""
    if isinstance(value, str) and value.lstrip("-") in COLUMNS and value.count("-") <= 1:
        return value
    return None


@dataclasses.dataclass(frozen=True)
class Filters(api.SortableList):
    """What the list shows, read from the query string."""

    status: str = "open"
    scope: str = access.MINE
    sort: str = DEFAULT_SORT
    q: str = ""
    cursor: str | None = None

    descending_first = ("created", "updated", "priority")

    @property
    def order(self) -> list[api.Order]:
        return self.order_by(sort_expression(self.column), Request.id)

    def query(self, **changes) -> dict:
        """URL parameters for these filters with ``changes`` (the cursor is dropped)."""
        values = {"status": self.status, "scope": self.scope, "sort": self.sort, "q": self.q, **changes}
        defaults = {"status": "open", "scope": access.MINE, "q": ""}
        return {key: value for key, value in values.items()
                if value not in (None, "") and defaults.get(key) != value}



def read_filters(request) -> Filters:
    """Filters from the query string; the sort falls back to the person's last choice."""
    params = request.GET
    person = request.person
    status = params.get("status", "open")
    sort = parse_sort(params.get("sort")) or parse_sort(person.preference(SORT_PREFERENCE)) or DEFAULT_SORT
    return Filters(status=status if status in STATUS_FILTERS else "open",
                   scope=access.effective_scope(person, params.get("scope")),
                   sort=sort, q=api.search_text(params.get("q", "")),
                   cursor=params.get("cursor") or None)


def remember_sort(request, filters: Filters) -> None:
    """Keep a sort chosen in the URL as the person's default (written only when it changes)."""
    chosen = parse_sort(request.GET.get("sort"))
    person = request.person
    if chosen and person.preference(SORT_PREFERENCE) != chosen:
        person.set_preference(SORT_PREFERENCE, chosen)


#: The columns a list row shows.  Loading only these keeps the JSON columns
#: (a request's custom values, a category's field definitions, the owner's
#: preferences) out of every row: decoding them was a fifth of the page's time.
LIST_COLUMNS = (Request.id, Request.title, Request.status, Request.is_open, Request.created_at,
                Request.updated_at, Request.owner_id, Request.company_id, Request.category_id,
                Request.priority_id)


def base_query(person, filters: Filters):
    """The filtered select of requests with category and priority, and the owner
    when the list shows it (company scope); no order, no limit."""
    stmt = (sa.select(Request)
            .outerjoin(Category, Category.id == Request.category_id)
            .outerjoin(Priority, Priority.id == Request.priority_id)
            .options(load_only(*LIST_COLUMNS),
                     contains_eager(Request.category).load_only(Category.id, Category.name, Category.names),
                     contains_eager(Request.priority).load_only(Priority.id, Priority.name, Priority.names))
            .where(access.visible_condition(person, filters.scope)))
    if filters.scope == access.COMPANY:
        stmt = (stmt.join(api.Person, api.Person.id == Request.owner_id)
                .options(contains_eager(Request.owner).load_only(api.Person.id, api.Person.name)))
    if filters.status == "open":
        stmt = stmt.where(Request.is_open.is_(True))
    elif filters.status == "closed":
        stmt = stmt.where(Request.is_open.is_(False))
    condition = search.search_condition(filters.q)
    if condition is not None:
        stmt = stmt.where(condition)
    return stmt


def list_page(request, filters: Filters, size: int = PAGE_SIZE) -> api.Page:
    """One page of the list, as :class:`cc_core.api.Page` (``page.items`` are requests)."""
    return api.keyset_page(request.dbsession, base_query(request.person, filters), filters.order,
                           cursor=filters.cursor, size=size, secret=request.registry.settings["cc.secret"],
                           purpose=PURPOSE)


#: The name of the open-request count loaded with the person (``cc_person_columns``).
OPEN_COUNT = "requests_open_count"
#: The menu's badge counts open requests up to this many and shows more as "99+":
#: counting is a walk of the owner's index entries, paid on every page, and a
#: customer with thousands of open requests would pay for every one of them.
BADGE_CAP = 99


def _open_ids(owner_id):
    """At most one more than :data:`BADGE_CAP` of the open requests of ``owner_id`` (an id or a column).

    A derived table is not correlated by default: named explicitly, the
    person's table stays the outer statement's instead of joining in here.
    """
    return (sa.select(Request.id).where(Request.owner_id == owner_id, Request.is_open.is_(True))
            .correlate(api.Person).limit(BADGE_CAP + 1).subquery())


_OPEN_COUNT = sa.select(sa.func.count()).select_from(_open_ids(sa.bindparam("owner_id")))


def open_count(dbsession, person) -> int:
    """How many of the person's own requests are not closed, up to one more than :data:`BADGE_CAP`."""
    return dbsession.scalar(_OPEN_COUNT, {"owner_id": person.id}) or 0


def open_count_column():
    """The same count as a column of the statement that loads the person."""
    return sa.select(sa.func.count()).select_from(_open_ids(api.Person.id)).scalar_subquery()


def badge_text(count: int) -> str | None:
    """What the menu's badge shows for ``count`` open requests: nothing for none, "99+" above the cap."""
    if not count:
        return None
    return f"{BADGE_CAP}+" if count > BADGE_CAP else str(count)


def latest(dbsession, person, limit: int = 5) -> list[sa.Row]:
    """The person's most recently updated requests (the home page panel): id, title, status, updated_at.

    On every logged-in home page, so the statement is built once with bound
    parameters and reads only the four columns the panel shows.
    """
    return list(dbsession.execute(_LATEST, {"owner_id": person.id, "limit": limit}))


_LATEST = (sa.select(Request.id, Request.title, Request.status, Request.updated_at)
           .where(Request.owner_id == sa.bindparam("owner_id"))
           .order_by(Request.updated_at.desc(), Request.id.desc()).limit(sa.bindparam("limit")))
