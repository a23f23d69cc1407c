"""The requests plugin's tables: requests, their threads, files and vocabularies.

A request belongs to one person (its owner) and, through them, to a
company; who may see it is decided in :mod:`cc_requests.access`.  Its
thread is a list of messages, each either *external* (the customer sees
it) or an internal note for staff only.  Attachments hang off messages;
their bytes live in the core's content-addressed storage.

The indexes follow the list page: it always filters on the owner or the
company, on open or closed, and sorts by the last update with the id as
the unique tie-breaker (ARCHITECTURE §5; :mod:`cc_requests.listing`).
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from cc_core import api

from .statuses import CLOSED, OPEN, STATUSES


def _label(names: dict | None, fallback: str, language: str | None) -> str:
    names = names or {}
    if language and names.get(language):
        return names[language]
    base = (language or "").split("_")[0].split("-")[0]
    return names.get(base) or fallback


class Category(api.Base):
    """What a request is about; names per language, optional parent, custom fields.

    ``fields`` is a list of custom field definitions (see
    :mod:`cc_requests.fields`): ``{"name": ..., "type": ..., "label":
    {"en": ..., "nb": ...}, "required": bool, "choices": [...]}``.
    """

    __tablename__ = "requests_category"
    __table_args__ = (sa.Index("ix_requests_category_active_position", "active", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("requests_category.id", ondelete="SET NULL"),
                                                  index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    names: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    position: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)
    fields: Mapped[list] = mapped_column(sa.JSON, default=list)

    parent: Mapped["Category | None"] = relationship(remote_side=[id])

    def label(self, language: str | None = None) -> str:
        """The name in ``language``, else the default name."""
        return _label(self.names, self.name, language)


class Priority(api.Base):
    """How urgent a request is; ``rank`` orders them (higher is more urgent)."""

    __tablename__ = "requests_priority"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    names: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    rank: Mapped[int] = mapped_column(default=0)
    # Customers may choose it on the new-request form (staff may set any).
    customer_selectable: Mapped[bool] = mapped_column(default=True)
    is_default: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)

    def label(self, language: str | None = None) -> str:
        return _label(self.names, self.name, language)


class Request(api.Base):
    """A customer's support request."""

    __tablename__ = "requests_request"
    __table_args__ = (
        sa.CheckConstraint(sa.text("status IN ('open', 'waiting', 'closed')"), name="status"),
        sa.CheckConstraint(sa.text("rating IS NULL OR (rating BETWEEN 1 AND 5)"), name="rating"),
        # The list: own or company requests, open or closed, latest first.
        sa.Index("ix_requests_request_owner_open_updated", "owner_id", "is_open", "updated_at", "id"),
        sa.Index("ix_requests_request_company_open_updated", "company_id", "is_open", "updated_at", "id"),
        # The status of given requests read from a narrow index (counting a set of
        # requests by status, e.g. an agent's, without visiting the wide rows).
        sa.Index("ix_requests_request_id_status", "id", "status"),
        sa.Index("ix_requests_request_owner_updated", "owner_id", "updated_at", "id"),
        sa.Index("ix_requests_request_company_updated", "company_id", "updated_at", "id"),
        # Staff queues: one status or all of them, by last update or by arrival.
        sa.Index("ix_requests_request_status_updated", "status", "updated_at", "id"),
        sa.Index("ix_requests_request_updated", "updated_at", "id"),
        sa.Index("ix_requests_request_status_created", "status", "created_at", "id"),
        sa.Index("ix_requests_request_created", "created_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int | None] = mapped_column(sa.ForeignKey("cc_company.id", ondelete="SET NULL"))
    owner_id: Mapped[int] = mapped_column(sa.ForeignKey("cc_person.id"))
    title: Mapped[str] = mapped_column(sa.String(200))
    category_id: Mapped[int | None] = mapped_column(sa.ForeignKey("requests_category.id", ondelete="SET NULL"),
                                                    index=True)
    priority_id: Mapped[int | None] = mapped_column(sa.ForeignKey("requests_priority.id", ondelete="SET NULL"),
                                                    index=True)
    status: Mapped[str] = mapped_column(sa.String(20), default=OPEN)
    # Kept equal to ``status != 'closed'`` (see set_status) so the list's
    # "open" filter is one value an index can seek to.
    is_open: Mapped[bool] = mapped_column(default=True)
    custom_values: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(api.UTCDateTime(), default=api.utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(api.UTCDateTime(), default=api.utcnow)
    closed_at: Mapped[dt.datetime | None] = mapped_column(api.UTCDateTime())
    rating: Mapped[int | None] = mapped_column(sa.SmallInteger())
    rating_comment: Mapped[str] = mapped_column(sa.Text(), default="")
    rated_at: Mapped[dt.datetime | None] = mapped_column(api.UTCDateTime())

    owner: Mapped[api.Person] = relationship(foreign_keys=[owner_id])
    company: Mapped[api.Company | None] = relationship()
    category: Mapped[Category | None] = relationship()
    priority: Mapped[Priority | None] = relationship()
    messages: Mapped[list["Message"]] = relationship(back_populates="request", order_by="Message.id",
                                                     cascade="all, delete-orphan", passive_deletes=True)

    @validates("status")
    def _check_status(self, key, value):
        if value not in STATUSES:
            raise ValueError(f"unknown status {value!r}")
        self.is_open = value != CLOSED
        return value

    def __repr__(self) -> str:
        return f"<Request {self.id} {self.status} {self.title!r}>"


class Message(api.Base):
    """One message of a request's thread: external (customer sees it) or an internal note."""

    __tablename__ = "requests_message"
    __table_args__ = (sa.Index("ix_requests_message_request_external", "request_id", "is_external", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(sa.ForeignKey("requests_request.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("cc_person.id", ondelete="SET NULL"), index=True)
    body: Mapped[str] = mapped_column(sa.Text())
    is_external: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(api.UTCDateTime(), default=api.utcnow)

    request: Mapped[Request] = relationship(back_populates="messages")
    author: Mapped[api.Person | None] = relationship()
    attachments: Mapped[list["Attachment"]] = relationship(back_populates="message", order_by="Attachment.id",
                                                           cascade="all, delete-orphan", passive_deletes=True)


class Attachment(api.Base):
    """A file attached to a message; the bytes are in the storage under ``storage_key``.

    ``request_id`` repeats the message's request so a download checks
    access with one lookup, whoever asks.
    """

    __tablename__ = "requests_attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(sa.ForeignKey("requests_message.id", ondelete="CASCADE"), index=True)
    request_id: Mapped[int] = mapped_column(sa.ForeignKey("requests_request.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(sa.String(255))
    content_type: Mapped[str] = mapped_column(sa.String(100))
    size: Mapped[int] = mapped_column(sa.BigInteger())
    sha256: Mapped[str] = mapped_column(sa.String(64))
    storage_key: Mapped[str] = mapped_column(sa.String(200))
    created_at: Mapped[dt.datetime] = mapped_column(api.UTCDateTime(), default=api.utcnow)

    message: Mapped[Message] = relationship(back_populates="attachments")


class SearchDocument(api.Base):
    """What free-text search reads for a request: its title and external messages.

    Kept lower-cased in a narrow table of its own, so searching within a
    person's or a company's requests reads one short row per request and
    internal notes can never be found by a customer.
    """

    __tablename__ = "requests_search"

    request_id: Mapped[int] = mapped_column(sa.ForeignKey("requests_request.id", ondelete="CASCADE"),
                                            primary_key=True)
    document: Mapped[str] = mapped_column(sa.Text(), default="")
