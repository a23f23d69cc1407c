"""Companies and the persons who log in on their behalf."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import Base, UTCDateTime, utcnow


class Company(Base):
    """A customer company: the unit whose data its persons share."""

    __tablename__ = "cc_company"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    org_number: Mapped[str] = mapped_column(sa.String(40), default="")
    address: Mapped[str] = mapped_column(sa.String(200), default="")
    postcode: Mapped[str] = mapped_column(sa.String(20), default="")
    city: Mapped[str] = mapped_column(sa.String(100), default="")
    country: Mapped[str] = mapped_column(sa.String(100), default="")
    phone: Mapped[str] = mapped_column(sa.String(40), default="")
    website: Mapped[str] = mapped_column(sa.String(200), default="")
    # Bumped on every change so forms can detect concurrent edits.
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)

    persons: Mapped[list["Person"]] = relationship(back_populates="company")

    def __repr__(self) -> str:
        return f"<Company {self.id} {self.name!r}>"


class Person(Base):
    """A login: a customer's contact person, a manager, or a support agent."""

    __tablename__ = "cc_person"

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int | None] = mapped_column(sa.ForeignKey("cc_company.id"), index=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(sa.String(200), default="")
    name: Mapped[str] = mapped_column(sa.String(200))
    phone: Mapped[str] = mapped_column(sa.String(40), default="")
    mobile: Mapped[str] = mapped_column(sa.String(40), default="")
    language: Mapped[str] = mapped_column(sa.String(10), default="")
    timezone: Mapped[str] = mapped_column(sa.String(64), default="")
    # May see every request of the company, not only the person's own.
    company_access: Mapped[bool] = mapped_column(default=False)
    # May change the company's data.
    is_manager: Mapped[bool] = mapped_column(default=False)
    # A support agent of the portal's owner.
    is_staff: Mapped[bool] = mapped_column(default=False)
    is_active: Mapped[bool] = mapped_column(default=True)
    email_confirmed: Mapped[bool] = mapped_column(default=True)
    # Part of every session cookie; bumping it logs out every other session
    # and voids every one-time link issued before.
    session_version: Mapped[int] = mapped_column(default=1)
    preferences: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())

    company: Mapped[Company | None] = relationship(back_populates="persons")

    def preference(self, key: str, default=None):
        """One preference value contributed by a plugin, or ``default``."""
        return (self.preferences or {}).get(key, default)

    def set_preference(self, key: str, value) -> None:
        # Assign a new dict so SQLAlchemy notices the change to the JSON column.
        self.preferences = {**(self.preferences or {}), key: value}

    def __repr__(self) -> str:
        return f"<Person {self.id} {self.email!r}>"
