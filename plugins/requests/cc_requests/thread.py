"""A request's customer-visible thread as its page shows it, read in one statement.

The page shows each external message's author (name, and whether they are
of the support team), time, text and files.  Loaded as ORM objects (the
messages with their authors joined, the attachments by a second query)
that was two statements and most of the page's own time spent building
objects, identity-map entries and lazy-load hooks the page never uses.
Here one Core select reads exactly those columns, the author joined and
the attachments outer-joined (a message with three files comes as three
rows, folded back here).  The statement is built once, with the request
as a bound parameter, so neither SQLAlchemy's ORM compilation nor its
cache-key computation runs per page.  Internal notes are excluded by the
statement itself.
"""
from __future__ import annotations

import dataclasses
import datetime as dt

import sqlalchemy as sa

from cc_core import api

from .models import Attachment, Message


@dataclasses.dataclass(slots=True, frozen=True)
class Author:
    name: str
    is_staff: bool


@dataclasses.dataclass(slots=True, frozen=True)
class ThreadFile:
    id: int
    filename: str
    size: int


@dataclasses.dataclass(slots=True)
class ThreadMessage:
    """One external message: what the page shows of it (``author`` is None for a removed person)."""

    id: int
    author_id: int | None
    author: Author | None
    body: str
    created_at: dt.datetime
    attachments: list[ThreadFile] = dataclasses.field(default_factory=list)


def _statement(newest_first: bool):
    order = (Message.created_at.desc(), Message.id.desc()) if newest_first else (Message.created_at, Message.id)
    return (sa.select(Message.id, Message.author_id, Message.body, Message.created_at, api.Person.name,
                      api.Person.is_staff, Attachment.id, Attachment.filename, Attachment.size)
            .select_from(Message)
            .outerjoin(api.Person, api.Person.id == Message.author_id)
            .outerjoin(Attachment, Attachment.message_id == Message.id)
            .where(Message.request_id == sa.bindparam("request_id"), Message.is_external.is_(True))
            .order_by(*order, Attachment.id))


_OLDEST_FIRST = _statement(newest_first=False)
_NEWEST_FIRST = _statement(newest_first=True)


def external_thread(dbsession, request_id: int, newest_first: bool = False) -> list[ThreadMessage]:
    """The customer-visible messages of a request, with their authors and files, in the page's order."""
    dbsession.flush()  # the connection below does not autoflush; a page may show what its post just wrote
    rows = dbsession.connection().execute(_NEWEST_FIRST if newest_first else _OLDEST_FIRST,
                                          {"request_id": request_id})
    messages: list[ThreadMessage] = []
    current = None
    for (message_id, author_id, body, created_at, author_name, author_is_staff, file_id, filename,
         size) in rows:
        if current is None or current.id != message_id:
            # ``is_staff`` is never NULL for a person: NULL means no author row joined.
            author = Author(author_name, bool(author_is_staff)) if author_is_staff is not None else None
            current = ThreadMessage(message_id, author_id, author, body, created_at)
            messages.append(current)
        if file_id is not None:
            current.attachments.append(ThreadFile(file_id, filename, size))
    return messages


def staff_answered(messages: list[ThreadMessage]) -> bool:
    """Whether someone of the support team wrote in the thread."""
    return any(message.author is not None and message.author.is_staff for message in messages)
