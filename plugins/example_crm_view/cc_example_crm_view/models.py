"""The example's own tables: the company's CRM records and its change history.

The company's address fields live on the core's ``Company``; what a real
CRM would add (contracts, licences, subscriptions) and the audit trail of
edits made through the portal live here, prefixed ``example_crm_view_``.
Only :mod:`.sqlsource` reads and writes them, so an integrator who swaps
the data source never touches these tables.
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from cc_core import api

#: What a record can be, in the order the page explains them.
RECORD_KINDS = ("licence", "subscription", "support", "contract")
#: Its life cycle; only ``active`` records count in the key figures.
RECORD_STATUSES = ("active", "pending", "expired", "cancelled")


class CrmRecord(api.Base):
    """A contract, licence or subscription the company holds."""

    __tablename__ = "example_crm_view_record"
    __table_args__ = (
        # The company page filters on the company and sorts by one of these.
        sa.UniqueConstraint("company_id", "reference", name="uq_example_crm_view_record_company_reference"),
        sa.Index("ix_example_crm_view_record_company_renewal", "company_id", "renewal_date"),
        sa.Index("ix_example_crm_view_record_company_name", "company_id", "name"),
        sa.Index("ix_example_crm_view_record_company_status", "company_id", "status"),
        sa.Index("ix_example_crm_view_record_company_kind", "company_id", "kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(sa.ForeignKey("cc_company.id", ondelete="CASCADE"))
    reference: Mapped[str] = mapped_column(sa.String(40))
    name: Mapped[str] = mapped_column(sa.String(200))
    kind: Mapped[str] = mapped_column(sa.String(20), default="licence")
    status: Mapped[str] = mapped_column(sa.String(20), default="active")
    quantity: Mapped[int] = mapped_column(default=1)
    start_date: Mapped[dt.date] = mapped_column(sa.Date())
    renewal_date: Mapped[dt.date | None] = mapped_column(sa.Date())
    created_at: Mapped[dt.datetime] = mapped_column(api.UTCDateTime(), default=api.utcnow)


class CompanyChange(api.Base):
    """One field of the company changed through the portal: who, when, old → new.

    The fields saved together share the company ``version`` they produced,
    which groups them back into one entry of the history.  The author's
    name is copied so the history still reads right after the person has
    left the company or been deleted.
    """

    __tablename__ = "example_crm_view_change"
    __table_args__ = (sa.Index("ix_example_crm_view_change_company_version", "company_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(sa.ForeignKey("cc_company.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column()
    person_id: Mapped[int | None] = mapped_column(sa.ForeignKey("cc_person.id", ondelete="SET NULL"))
    author_name: Mapped[str] = mapped_column(sa.String(200))
    changed_at: Mapped[dt.datetime] = mapped_column(api.UTCDateTime(), default=api.utcnow)
    field: Mapped[str] = mapped_column(sa.String(40))
    old_value: Mapped[str] = mapped_column(sa.String(200), default="")
    new_value: Mapped[str] = mapped_column(sa.String(200), default="")
