"""The desk's own tables: who works on a request, and what changed when.

The requests plugin owns requests and their messages; the desk keeps what
only staff care about next to them, keyed by the request's id, so the
requests plugin needs no desk-specific columns.
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cc_core import api

#: What a desk row's copies hold until the triggers or the migration's backfill fill them.
EPOCH = "1970-01-01 00:00:00"


class Ticket(api.Base):
    """Desk state of one request: its assignee and an edit version, and copies of its status
    and last activity.

    ``version`` counts the changes made through the desk's change form.
    That form's lock compares the values it was shown with the current ones
    field by field (:mod:`cc_desk.request_page.forms`), so a customer's closing
    counts too.  Every request has a row here: triggers on the requests
    table create it and keep ``status`` and ``activity_at`` (the request's
    ``updated_at``) equal to the request's (:mod:`cc_desk.mirror`), so the
    queue's assignee filters read one index in the page's order.  The
    desk's code never writes those two columns.
    """

    __tablename__ = "desk_ticket"
    __table_args__ = (
        # The assigned requests alone: what "unassigned" asks about each request of the queue.
        sa.Index("ix_desk_ticket_assigned", "request_id", sqlite_where=sa.text("assignee_id IS NOT NULL"),
                 postgresql_where=sa.text("assignee_id IS NOT NULL")),
        # "Assigned to me" and "unassigned": a status's rows in the queue's order, one walk per page.
        sa.Index("ix_desk_ticket_assignee_status_activity", "assignee_id", "status", "activity_at", "request_id",
                 sqlite_where=sa.text("assignee_id IS NOT NULL"),
                 postgresql_where=sa.text("assignee_id IS NOT NULL")),
        sa.Index("ix_desk_ticket_unassigned_status_activity", "status", "activity_at", "request_id",
                 sqlite_where=sa.text("assignee_id IS NULL"), postgresql_where=sa.text("assignee_id IS NULL")),
    )

    request_id: Mapped[int] = mapped_column(sa.ForeignKey("requests_request.id", ondelete="CASCADE"),
                                            primary_key=True)
    assignee_id: Mapped[int | None] = mapped_column(sa.ForeignKey("cc_person.id"))
    version: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[dt.datetime] = mapped_column(api.UTCDateTime(), default=api.utcnow)
    # Copies of the request's status and updated_at, written by the triggers alone.
    status: Mapped[str] = mapped_column(sa.String(20), server_default="")
    activity_at: Mapped[dt.datetime] = mapped_column(api.UTCDateTime(), server_default=EPOCH)

    assignee: Mapped[api.Person | None] = relationship()


class HistoryEntry(api.Base):
    """One change to a request made by staff (or recorded by the desk).

    ``field`` is ``status``, ``category``, ``priority``, ``assignee`` or
    ``faq``; ``old_value`` and ``new_value`` hold the stored values (status
    codes, ids as text, a URL), turned into readable labels when shown, in
    the viewer's language.
    """

    __tablename__ = "desk_history"
    __table_args__ = (sa.Index("ix_desk_history_request_id_created_at", "request_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(sa.ForeignKey("requests_request.id", ondelete="CASCADE"))
    person_id: Mapped[int | None] = mapped_column(sa.ForeignKey("cc_person.id"))
    field: Mapped[str] = mapped_column(sa.String(20))
    old_value: Mapped[str] = mapped_column(sa.String(500), default="")
    new_value: Mapped[str] = mapped_column(sa.String(500), default="")
    created_at: Mapped[dt.datetime] = mapped_column(api.UTCDateTime(), default=api.utcnow)

    person: Mapped[api.Person | None] = relationship()
