"""The desk's reading and writing of requests, over ``cc_requests.public``.

The requests plugin owns requests and their threads and is changed only
through its published functions (so search, timestamps and its hooks stay
right); the desk's own state of a request (the assignee, the edit
version, the history of changes) lives in :mod:`cc_desk.models`.
"""
from __future__ import annotations

import dataclasses
import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from cc_core import api
from cc_requests import public as rq

from .i18n import _
from . import mirror
from .models import HistoryEntry, Ticket

CHANGE_FIELDS = ("status", "category", "priority", "assignee")
#: The assignee field's value for "nobody" (a select's empty value means "not chosen").
NOBODY = "none"


def get_request(dbsession, request_id: int):
    """One request with its owner and company, whoever it belongs to (staff see all)."""
    return dbsession.scalar(sa.select(rq.Request).where(rq.Request.id == request_id)
                            .options(joinedload(rq.Request.owner), joinedload(rq.Request.company)))


def ticket_of(dbsession, request_id: int) -> Ticket:
    """The desk's row for a request; an unsaved one for a request nobody has touched yet.

    Showing a page thus writes nothing; :func:`lock` saves the row when a
    change needs it.
    """
    ticket = dbsession.get(Ticket, request_id)
    return ticket if ticket is not None else Ticket(request_id=request_id, version=0, assignee_id=None)


def lock(dbsession, req) -> Ticket:
    """Lock the request for a change and return its (saved) desk row.

    The request's own row is read again ``FOR UPDATE`` (SQLite serialises
    writers anyway), so two agents saving at once take turns, and the
    second sees the first's change when it compares what it was shown.
    """
    dbsession.execute(sa.select(rq.Request).where(rq.Request.id == req.id)
                      .with_for_update(of=rq.Request).execution_options(populate_existing=True)).one()
    ticket = dbsession.get(Ticket, req.id, populate_existing=True)
    return ticket if ticket is not None else saved_row(dbsession, req)


def saved_row(dbsession, req, **values) -> Ticket:
    """The request's desk row with ``values`` set, written (and loaded) whether it existed or not.

    The requests table's triggers create every request's row
    (:mod:`cc_desk.mirror`), so this updates; it inserts, with the copies
    of the request's status and activity, only for a request whose row is
    missing, and never fails on a row the trigger made meanwhile.
    """
    row = {"request_id": req.id, "assignee_id": None, "version": 0, "updated_at": api.utcnow(),
           "status": req.status, "activity_at": req.updated_at, **values}
    keep = tuple(values) or ("request_id",)
    dbsession.flush()
    dbsession.execute(mirror.upsert_statement(dbsession.get_bind().dialect.name, Ticket.__table__, keep), [row])
    return dbsession.get(Ticket, req.id, populate_existing=True)


def current_values(req, ticket: Ticket) -> dict[str, str]:
    """What the change form edits, as the strings a form posts."""
    return {"status": req.status, "category": _text(req.category_id), "priority": _text(req.priority_id),
            "assignee": NOBODY if ticket.assignee_id is None else str(ticket.assignee_id)}


def _text(value) -> str:
    return "" if value is None else str(value)


def _id(value: str) -> int | None:
    return int(value) if value and value.isdigit() else None


def record(dbsession, request_id: int, person, field: str, old: str, new: str) -> HistoryEntry:
    """Add one entry to the request's history."""
    entry = HistoryEntry(request_id=request_id, person_id=person.id if person else None, field=field,
                         old_value=(old or "")[:500], new_value=(new or "")[:500], created_at=api.utcnow())
    dbsession.add(entry)
    return entry


def apply_changes(request, req, ticket: Ticket, changes: dict[str, str]) -> None:
    """Write the changed fields, record each in the history, bump the version.

    A status change goes through the requests plugin, whose notification
    the desk records (:func:`cc_desk.plugin.cc_requests_on_status_changed`)
    like the customer's own closing and reopening.
    """
    dbsession = request.dbsession
    actor = request.person
    before = current_values(req, ticket)
    for field, new in changes.items():
        if field == "status":
            rq.change_status(request, req, new, actor)
            continue
        if field == "category":
            req.category_id = _id(new)
        elif field == "priority":
            req.priority_id = _id(new)
        elif field == "assignee":
            ticket.assignee_id = _id(new)
        record(dbsession, req.id, actor, field, stored_value(before[field]), stored_value(new))
    ticket.version += 1
    ticket.updated_at = api.utcnow()
    dbsession.flush()


@dataclasses.dataclass(frozen=True)
class ChangeOutcome:
    """What :func:`save_changes` did: the locked desk row, the values found, clashes or changes made."""

    ticket: Ticket
    current: dict[str, str]
    clashes: list[str]
    changed: dict[str, str]


def save_changes(request, req, values: dict[str, str], seen: dict[str, str] | None = None) -> ChangeOutcome:
    """Lock the request and apply the fields of ``values`` that differ from ``seen``.

    ``seen`` holds the values the agent was shown (the page's form keeps
    them in its signed state): a field they change that somebody else
    changed meanwhile to something else is a clash, and nothing is saved.
    Without ``seen`` (the API, whose caller names the fields to set) the
    values found under the lock are what the caller changes.
    """
    ticket = lock(request.dbsession, req)
    now = current_values(req, ticket)
    seen = now if seen is None else seen
    wanted = {field: values[field] for field in CHANGE_FIELDS if values[field] != seen.get(field)}
    clashes = [field for field in wanted if now[field] != seen.get(field) and now[field] != wanted[field]]
    if clashes:
        return ChangeOutcome(ticket, now, clashes, {})
    wanted = {field: value for field, value in wanted.items() if now[field] != value}
    if wanted:
        apply_changes(request, req, ticket, wanted)
    return ChangeOutcome(ticket, now, [], wanted)


def stored_value(value: str) -> str:
    """A form value as the history stores it ("" for nobody)."""
    return "" if value == NOBODY else value


@dataclasses.dataclass(frozen=True)
class Event:
    """One entry of a request's timeline: a message or a change."""

    at: dt.datetime
    message: object = None
    change: HistoryEntry | None = None


def timeline(dbsession, req) -> list[Event]:
    """Every message (internal notes included) and every change, oldest first.

    Three queries whatever the length of the thread: messages with their
    authors, their attachments, and the history with who made each change.
    """
    messages = rq.messages_of(dbsession, req, include_internal=True)
    changes = dbsession.scalars(
        sa.select(HistoryEntry).where(HistoryEntry.request_id == req.id)
        .options(joinedload(HistoryEntry.person)).order_by(HistoryEntry.created_at, HistoryEntry.id)).all()
    events = [Event(m.created_at, message=m) for m in messages] + [Event(c.created_at, change=c) for c in changes]
    return sorted(events, key=lambda event: event.at)


def staff_members(dbsession) -> list[api.Person]:
    """Who a request can be assigned to: active staff, by name."""
    return list(dbsession.scalars(sa.select(api.Person).where(api.Person.is_staff.is_(True),
                                                              api.Person.is_active.is_(True))
                                  .order_by(api.Person.name, api.Person.id)))


class HistoryLabels:
    """Readable names for the history's stored values, in the viewer's language.

    Reads the categories, priorities and the persons named (two or three
    queries for the whole history).
    """

    FIELDS = {"status": _("Status"), "category": _("Category"), "priority": _("Priority"),
              "assignee": _("Assigned to"), "faq": _("FAQ article")}

    def __init__(self, request, entries):
        self.request = request
        dbsession, language = request.dbsession, request.locale_name
        self.categories = {str(key): label for key, label in rq.categories(dbsession, language)}
        self.priorities = {str(key): label for key, label in rq.priorities(dbsession, language)}
        ids = {int(v) for e in entries if e.field == "assignee" for v in (e.old_value, e.new_value) if v.isdigit()}
        people = dbsession.execute(sa.select(api.Person.id, api.Person.name)
                                   .where(api.Person.id.in_(ids))).all() if ids else []
        self.people = {str(row.id): row.name for row in people}

    def field(self, name: str):
        return self.FIELDS.get(name, name)

    def value(self, field: str, raw: str):
        """The readable value (a string or a translation string)."""
        if not raw:
            return _("nobody") if field == "assignee" else _("none")
        if field == "status":
            return rq.status_label(raw)
        if field == "category":
            return self.categories.get(raw, raw)
        if field == "priority":
            return self.priorities.get(raw, raw)
        if field == "assignee":
            return self.people.get(raw, raw)
        return raw
