"""The queue's list query and its capped counts per status.

``/desk?status=&assignee=any|me|none&category=&priority=&company=&owner=&q=&sort=``.
A page is one query (requests with their owner, company, desk row and
assignee joined in) read by keyset after the cursor, so a deep page costs
what the first costs.  The default, open requests with the oldest
activity first, walks the requests plugin's index on ``(status,
updated_at, id)``; the other sorts walk an index on their column where
one exists (see the README).

Counts are capped at :data:`COUNT_CAP`: an exact count of a million
closed requests would cost more than the page itself, and nobody needs
more than "over 10,000".
"""
from __future__ import annotations

import dataclasses

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, load_only

from cc_core import api
from cc_requests import public as rq

from ..models import Ticket
from ..paging import PAGE_SIZE, page_of

COUNT_CAP = 10_000
STATUS_FILTERS = (*rq.STATUSES, "all")
ASSIGNEES = ("any", "me", "none")
#: The sortable columns: URL name -> attribute of the request.
COLUMNS = {"updated": "updated_at", "created": "created_at", "id": "id"}
DEFAULT_SORT = "updated"


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
        sorts = [*COLUMNS, *(f"-{column}" for column in COLUMNS)]
        return cls(status=_choice(params, "status", STATUS_FILTERS, rq.OPEN),
                   assignee=_choice(params, "assignee", ASSIGNEES, "any"),
                   category=_number(params, "category"), priority=_number(params, "priority"),
                   company=_number(params, "company"), owner=_number(params, "owner"),
                   q=api.search_text(params.get("q", "")),
                   sort=_choice(params, "sort", sorts, DEFAULT_SORT))

    @property
    def order(self) -> list[api.Order]:
        return self.order_by(getattr(rq.Request, COLUMNS[self.column]), rq.Request.id)

    def query(self, **changes) -> dict:
        """These filters as URL parameters with ``changes``; defaults and the cursor left out."""
        values = {**dataclasses.asdict(self), **changes}
        defaults = dataclasses.asdict(Filters())
        return {key: value for key, value in values.items() if value not in (None, "") and value != defaults[key]}



def _search(q: str):
    """``#42`` is request 42; other text matches the title and answers, a bare number also the request's id,
    and text with an ``@`` also the customer's e-mail."""
    R = rq.Request
    number = q.lstrip("#")
    if q.startswith("#") and number.isdigit() and len(number) <= 10:
        return R.id == int(number)
    conditions = [rq.search_condition(q)]
    if q.isdigit() and len(q) <= 10:
        conditions.append(R.id == int(q))
    if "@" in q:
        pattern = "%" + q.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        owners = sa.select(api.Person.id).where(sa.func.lower(api.Person.email).like(pattern, escape="\\"))
        conditions.append(R.owner_id.in_(owners))
    conditions = [condition for condition in conditions if condition is not None]
    return sa.or_(*conditions) if conditions else None


def filtered(stmt, filters: Filters, me: int, with_status: bool = True):
    """``stmt`` (a select over requests outer-joined to their desk row) narrowed by ``filters``."""
    R = rq.Request
    if with_status and filters.status != "all":
        stmt = stmt.where(R.status == filters.status)
    if filters.assignee == "me":
        stmt = stmt.where(Ticket.assignee_id == me)
    elif filters.assignee == "none":
        stmt = stmt.where(Ticket.assignee_id.is_(None))
    for value, column in ((filters.category, R.category_id), (filters.priority, R.priority_id),
                          (filters.company, R.company_id), (filters.owner, R.owner_id)):
        if value is not None:
            stmt = stmt.where(column == value)
    if filters.q:
        condition = _search(filters.q)
        if condition is not None:
            stmt = stmt.where(condition)
    return stmt


def _with_tickets(stmt, filters: Filters):
    """``stmt`` joined to the desk's rows: an inner join for "assigned to me", which the
    database can then start from the assignee index (an agent's few thousand requests)
    instead of walking every request of the status."""
    if filters.assignee == "me":
        return stmt.join(Ticket, Ticket.request_id == rq.Request.id)
    return stmt.outerjoin(Ticket, Ticket.request_id == rq.Request.id)


def queue_page(request, filters: Filters, size: int = PAGE_SIZE) -> api.Page:
    """One page of ``(request, desk row or None)`` with owner, company and assignee loaded (one query)."""
    R, P = rq.Request, api.Person
    # Only the columns a row shows: the JSON columns (custom values, the
    # people's preferences) would otherwise be decoded for every row.
    stmt = (_with_tickets(sa.select(R, Ticket), filters)
            .options(load_only(R.id, R.title, R.status, R.owner_id, R.company_id, R.category_id, R.priority_id,
                               R.created_at, R.updated_at),
                     joinedload(R.owner).load_only(P.id, P.name),
                     joinedload(R.company).load_only(api.Company.id, api.Company.name),
                     joinedload(Ticket.assignee).load_only(P.id, P.name)))
    return page_of(request, filtered(stmt, filters, request.person.id), filters.order, "queue", size=size)


def counts_are_cheap(filters: Filters) -> bool:
    """Whether :func:`status_counts` is bounded: not under a word search.

    A word search is a ``LIKE`` over each candidate's search document; the
    page stops at fifty hits, but a count per status would read the
    documents of every request of that status, a million for "closed".
    A search for ``#42`` is one row and is counted.
    """
    q = filters.q
    return not q or (q.startswith("#") and q[1:].isdigit())


def status_counts(dbsession, filters: Filters, me: int) -> dict[str, int] | None:
    """Requests per status under the other filters, each counted up to ``COUNT_CAP + 1``;
    ``None`` under a word search (see :func:`counts_are_cheap`)."""
    if not counts_are_cheap(filters):
        return None
    R = rq.Request
    if filters.assignee == "me":
        # Bounded by the agent's own requests: one exact count per status.
        stmt = filtered(_with_tickets(sa.select(R.status, sa.func.count()), filters), filters, me,
                        with_status=False).group_by(R.status)
        found = dict(dbsession.execute(stmt).all())
        return {status: found.get(status, 0) for status in rq.STATUSES}
    counts = {}
    for status in rq.STATUSES:
        inner = sa.select(R.id).outerjoin(Ticket, Ticket.request_id == R.id).where(R.status == status)
        inner = filtered(inner, filters, me, with_status=False).limit(COUNT_CAP + 1).subquery()
        counts[status] = dbsession.scalar(sa.select(sa.func.count()).select_from(inner))
    return counts
