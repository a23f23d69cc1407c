"""The ledger of inbound mail: each Message-ID is handled once."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base, UTCDateTime, utcnow


class InboundMail(Base):
    """One inbound message, by its Message-ID, and what became of it.

    The row is inserted in the transaction that handles the message; the
    unique ``message_id`` makes a second copy (fetched again, piped twice,
    or taken by two workers at once) insert nothing, so it is handled
    once.  A message that fails leaves no row: its transaction rolled back.
    """

    __tablename__ = "cc_inbound_mail"
    __table_args__ = (sa.Index("ix_cc_inbound_mail_sender_received_at", "sender", "received_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[str] = mapped_column(sa.String(300), unique=True)
    sender: Mapped[str] = mapped_column(sa.String(320), default="")
    outcome: Mapped[str] = mapped_column(sa.String(60), default="")
    received_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
