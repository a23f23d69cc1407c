"""The queue's list query and its capped counts per status.

``/desk?status=&assignee=any|me|none&category=&priority=&company=&owner=&q=&sort=``.
A page is one query (requests with their owner, company, desk row and
assignee joined in) read by keyset after the cursor, so a deep page costs
what the first costs.  The default, open requests with the oldest
activity first, walks the requests plugin's index on ``(status,
updated_at, id)``; the other sorts walk an index on their column where
one exists (see the README).  "Assigned to me" and "unassigned" walk the
desk's own index instead (:func:`reads_desk_index`).

Counts are capped at :data:`COUNT_CAP`: an exact count of a million
closed requests would cost more than the page itself, and nobody needs
more than "over 10,000".
"""
from __future__ import annotations

import dataclasses

import sqlalchemy as sa
from sqlalchemy.orm import aliased, joinedload, load_only

from cc_core import api
from cc_requests import public as rq

from ..models import Ticket
from ..paging import PAGE_SIZE, page_of

COUNT_CAP = 10_000
#: The cap under "unassigned": whether a request is assigned is a probe of
#: another table per request, so counting to 10,000 would probe some 25,000
#: requests of each status (most of a page's time at a million requests).
UNASSIGNED_COUNT_CAP = 1_000
STATUS_FILTERS = (*rq.STATUSES, "all")
ASSIGNEES = ("any", "me", "none")
#: The sortable columns: URL name -> attribute of the request.
COLUMNS = {"updated": "updated_at", "created": "created_at", "id": "id"}
DEFAULT_SORT = "updated"
#: The longest search text kept (the staff API publishes it as the parameter's maxLength).
MAX_QUERY = api.MAX_SEARCH_TEXT


def _number(params, name) -> int | None:
    """An id from the query string; anything else (too big for the column too) is no filter."""
    return api.parse_id(params.get(name, ""))


def _choice(params, name, allowed, default) -> str:
    value = params.get(name, default)
    return value if value in allowed else default


@dataclasses.dataclass(frozen=True)
class Filters(api.SortableList):
    """What the queue shows, read from the query string."""

    status: str = rq.OPEN
    assignee: str = "any"
    category: int | None = None
    priority: int | None = None
    company: int | None = None
    owner: int | None = None
    q: str = ""
    sort: str = DEFAULT_SORT

    @classmethod
    def from_params(cls, params) -> "Filters":
        q = api.search_text(params.get("q", ""))
        sorts = [*COLUMNS, *(f"-{column}" for column in COLUMNS)]
        sort = _choice(params, "sort", sorts, DEFAULT_SORT)
        if is_word_search(q) and sort not in ("id", "-id"):
            # The full-text index hands matches out by request number (rq.fulltext_narrowed).
            sort = "-id"
        return cls(status=_choice(params, "status", STATUS_FILTERS, rq.OPEN),
                   assignee=_choice(params, "assignee", ASSIGNEES, "any"),
                   category=_number(params, "category"), priority=_number(params, "priority"),
                   company=_number(params, "company"), owner=_number(params, "owner"),
                   q=q, sort=sort)

    @property
    def order(self) -> list[api.Order]:
        return self.order_by(getattr(rq.Request, COLUMNS[self.column]), rq.Request.id)

    def query(self, **changes) -> dict:
        """These filters as URL parameters with ``changes``; defaults and the cursor left out."""
        values = {**dataclasses.asdict(self), **changes}
        defaults = dataclasses.asdict(Filters())
        return {key: value for key, value in values.items() if value not in (None, "") and value != defaults[key]}



def is_word_search(q: str) -> bool:
    """Whether ``q`` is words alone (not ``#42``, a bare number or an e-mail address):
    answered from the full-text index in its own order, newest request first."""
    return bool(q) and not _is_number(q) and "@" not in q


def _is_number(q: str) -> bool:
    number = q[1:] if q.startswith("#") else q
    return number.isdigit() and len(number) <= 10


def _search(q: str, dialect_name: str):
    """``#42`` is request 42; a bare number is also the request's id, and text with an ``@``
    also the customer's e-mail, besides the words of the title and answers."""
    R = rq.Request
    if q.startswith("#") and _is_number(q):
        return R.id == int(q[1:])
    matches = rq.fulltext_ids(dialect_name, q)
    conditions = [R.id.in_(matches)] if matches is not None else []
    if _is_number(q):
        conditions.append(R.id == int(q))
    if "@" in q:
        pattern = "%" + q.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        owners = sa.select(api.Person.id).where(sa.func.lower(api.Person.email).like(pattern, escape="\\"))
        conditions.append(R.owner_id.in_(owners))
    return sa.or_(*conditions) if conditions else None


def filtered(stmt, filters: Filters, me: int, dialect_name: str, with_status: bool = True):
    """``stmt`` (a select over requests outer-joined to their desk row) narrowed by ``filters``."""
    R = rq.Request
    if with_status and filters.status != "all":
        stmt = stmt.where(R.status == filters.status)
    if filters.assignee == "me":
        stmt = stmt.where(_assigned(me))
    elif filters.assignee == "none":
        stmt = stmt.where(~_assigned())
    return _request_filters(stmt, filters, dialect_name)


def _request_filters(stmt, filters: Filters, dialect_name: str):
    """``stmt`` narrowed by the filters on the request's own columns (all but status and assignee)."""
    R = rq.Request
    for value, column in ((filters.category, R.category_id), (filters.priority, R.priority_id),
                          (filters.company, R.company_id), (filters.owner, R.owner_id)):
        if value is not None:
            stmt = stmt.where(column == value)
    if filters.q and not is_word_search(filters.q):
        condition = _search(filters.q, dialect_name)
        if condition is not None:
            stmt = stmt.where(condition)
    return stmt


def _narrows_requests(filters: Filters) -> bool:
    """Whether a filter on the request's own columns is set (the desk's rows alone do not answer it)."""
    return any(value is not None for value in (filters.category, filters.priority, filters.company, filters.owner)) \
        or bool(filters.q)


def reads_desk_index(filters: Filters) -> bool:
    """Whether the page walks the desk's own index: "assigned to me" or "unassigned", one status,
    by last activity, no word search.

    The desk's row carries copies of the request's status and last
    activity (:mod:`cc_desk.mirror`), so the partial indexes on
    ``(assignee_id, status, activity_at, request_id)`` and, for the
    unassigned rows, ``(status, activity_at, request_id)`` hand out the
    page's rows in its order, fifty entries for fifty rows, however few
    of a big status's requests the agent holds; the requests are joined
    for the rows shown.  Other views keep walking the requests' indexes
    and ask each request's desk row (:func:`_assigned`).
    """
    return (filters.assignee in ("me", "none") and filters.status != "all" and filters.column == "updated"
            and not is_word_search(filters.q))


def _desk_conditions(filters: Filters, me: int, status: str | None) -> list:
    """The assignee filter (and ``status``, when given) as conditions on the desk's row and its copies."""
    conditions = [Ticket.assignee_id == me if filters.assignee == "me" else Ticket.assignee_id.is_(None)]
    if status is not None:
        conditions.append(Ticket.status == status)
    return conditions


def _assigned(person_id: int | None = None):
    """"Somebody (``person_id``, when given) works on this request": a probe of the desk's row.

    Written as ``EXISTS`` rather than a test of the outer-joined row, so a
    page walks the queue's own index in the page's order and stops at the
    page's end: "unassigned" asks the partial index of assigned rows,
    "assigned to me" the row by its key.  Joining from the assignee's index
    instead read all of an agent's requests (12,000 in the benchmark) and
    sorted them for every page.
    """
    T = aliased(Ticket)
    condition = T.assignee_id.is_not(None) if person_id is None else T.assignee_id == person_id
    return sa.exists().where(T.request_id == rq.Request.id, condition)


def queue_page(request, filters: Filters, size: int = PAGE_SIZE) -> api.Page:
    """One page of ``(request, desk row or None)`` with owner, company and assignee loaded (one query)."""
    R, P = rq.Request, api.Person
    dialect_name = request.dbsession.get_bind().dialect.name
    if reads_desk_index(filters):
        stmt = sa.select(R, Ticket).select_from(Ticket).join(R, R.id == Ticket.request_id)
        stmt = _request_filters(stmt.where(*_desk_conditions(filters, request.person.id, filters.status)),
                                filters, dialect_name)
        order = filters.order_by(Ticket.activity_at, Ticket.request_id)
    else:
        stmt = sa.select(R, Ticket).outerjoin(Ticket, Ticket.request_id == R.id)
        stmt = filtered(stmt, filters, request.person.id, dialect_name)
        order = filters.order
    # Only the columns a row shows: the JSON columns (custom values, the
    # people's preferences) would otherwise be decoded for every row.
    stmt = stmt.options(load_only(R.id, R.title, R.status, R.owner_id, R.company_id, R.category_id, R.priority_id,
                                  R.created_at, R.updated_at),
                        joinedload(R.owner).load_only(P.id, P.name),
                        joinedload(R.company).load_only(api.Company.id, api.Company.name),
                        joinedload(Ticket.assignee).load_only(P.id, P.name))
    if is_word_search(filters.q):
        stmt, key = rq.fulltext_narrowed(request.dbsession, stmt, filters.q)
        if key is None:
            stmt = stmt.where(sa.false())
        else:
            order = [api.Order(key, filters.descending)]
    return page_of(request, stmt, order, "queue", size=size)


def counts_are_cheap(filters: Filters) -> bool:
    """Whether :func:`status_counts` is bounded: not under a word search.

    A word search reads the full-text index in request-number order and
    stops at fifty hits; a count per status would read every match of a
    common word (hundreds of thousands at a million requests) and look up
    each one's status.  A search for ``#42`` is one row and is counted.
    """
    q = filters.q
    return not q or (q.startswith("#") and q[1:].isdigit())


def count_cap(filters: Filters) -> int:
    """Above how many requests a status's count shows as "more than"."""
    return UNASSIGNED_COUNT_CAP if filters.assignee == "none" else COUNT_CAP


def status_counts(dbsession, filters: Filters, me: int) -> dict[str, int] | None:
    """Requests per status under the other filters, each counted up to :func:`count_cap` + 1;
    ``None`` under a word search (see :func:`counts_are_cheap`)."""
    if not counts_are_cheap(filters):
        return None
    R = rq.Request
    dialect_name = dbsession.get_bind().dialect.name
    if filters.assignee in ("me", "none"):
        # From the desk's rows and their copies of the status (the partial indexes of
        # reads_desk_index); the requests are joined only when a filter of theirs is set.
        def desk_rows(*columns, status=None):
            stmt = sa.select(*columns).where(*_desk_conditions(filters, me, status))
            if _narrows_requests(filters):
                stmt = _request_filters(stmt.join(R, R.id == Ticket.request_id), filters, dialect_name)
            return stmt

        if filters.assignee == "me":
            # Bounded by the agent's own requests: one exact count per status.
            found = dict(dbsession.execute(desk_rows(Ticket.status, sa.func.count()).group_by(Ticket.status)).all())
            return {status: found.get(status, 0) for status in rq.STATUSES}
        counts = {}
        for status in rq.STATUSES:
            inner = desk_rows(Ticket.request_id, status=status).limit(count_cap(filters) + 1).subquery()
            counts[status] = dbsession.scalar(sa.select(sa.func.count()).select_from(inner))
        return counts
    counts = {}
    for status in rq.STATUSES:
        inner = sa.select(R.id).outerjoin(Ticket, Ticket.request_id == R.id).where(R.status == status)
        inner = filtered(inner, filters, me, dialect_name, with_status=False).limit(count_cap(filters) + 1)
        inner = inner.subquery()
        counts[status] = dbsession.scalar(sa.select(sa.func.count()).select_from(inner))
    return counts
