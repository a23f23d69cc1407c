"""Demonstration records for ``cc initdb --demo``: enough to page and sort."""
import datetime as dt

import sqlalchemy as sa

from cc_core import api

from .models import CrmRecord

# (reference, product, kind, status, quantity, months since start, months to renewal or None)
EXAMPLE_RECORDS = (
    ("LIC-1001", "Customer Centre Pro", "licence", "active", 25, 14, 10),
    ("LIC-1002", "Customer Centre mobile app", "licence", "active", 25, 14, 10),
    ("SUB-2001", "Hosting, Oslo region", "subscription", "active", 1, 26, 1),
    ("SUP-3001", "Priority support", "support", "active", 1, 8, 4),
    ("CON-4001", "Integration project: ERP link", "contract", "pending", 1, 0, None),
    ("LIC-0900", "Customer Centre Standard", "licence", "expired", 10, 38, -14),
    ("SUB-2002", "Backup storage 500 GB", "subscription", "active", 2, 5, 7),
    ("SUP-3000", "Standard support", "support", "cancelled", 1, 30, -6),
    ("LIC-1003", "Reporting add-on", "licence", "active", 5, 3, 9),
    ("SUB-2003", "Staging environment", "subscription", "active", 1, 2, 10),
    ("CON-4000", "Onboarding workshop", "contract", "expired", 1, 20, -18),
    ("LIC-1004", "Single sign-on add-on", "licence", "pending", 25, 0, 12),
)
OTHER_RECORDS = (
    ("LIC-5001", "Customer Centre Standard", "licence", "active", 5, 6, 6),
    ("SUP-5002", "Standard support", "support", "active", 1, 6, 6),
)


def _months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    return dt.date(year, month % 12 + 1, min(day.day, 28))


def create_demo_records(dbsession) -> None:
    companies = dict(dbsession.execute(sa.select(api.Company.name, api.Company.id)
                                       .where(api.Company.name.in_(["Example Ltd", "Other Corp"]))).all())
    if not companies or dbsession.scalar(sa.select(sa.func.count()).select_from(CrmRecord)):
        return
    today = dt.date.today()
    for name, rows in (("Example Ltd", EXAMPLE_RECORDS), ("Other Corp", OTHER_RECORDS)):
        company_id = companies.get(name)
        if company_id is None:
            continue
        dbsession.add_all([
            CrmRecord(company_id=company_id, reference=ref, name=product, kind=kind, status=status,
                      quantity=quantity, start_date=_months(today, -since),
                      renewal_date=None if until is None else _months(today, until))
            for ref, product, kind, status, quantity, since, until in rows])
    dbsession.flush()
