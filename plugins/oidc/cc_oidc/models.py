"""The link between a person and an identity at a provider."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cc_core import api


class Identity(api.Base):
    """One (issuer, subject) pair, which belongs to exactly one person.

    The pair is what the provider promises never to reuse for anybody
    else; the e-mail address is kept only to show the person which
    account is linked (it may change at the provider).
    """

    __tablename__ = "oidc_identity"
    __table_args__ = (sa.UniqueConstraint("issuer", "subject", name="uq_oidc_identity_issuer_subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("cc_person.id", ondelete="CASCADE"), index=True)
    provider: Mapped[str] = mapped_column(sa.String(40))
    issuer: Mapped[str] = mapped_column(sa.String(255))
    subject: Mapped[str] = mapped_column(sa.String(255))
    email: Mapped[str] = mapped_column(sa.String(254), default="")
    created_at: Mapped[dt.datetime] = mapped_column(api.UTCDateTime(), default=api.utcnow)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(api.UTCDateTime())

    person: Mapped[api.Person] = relationship(api.Person)
