"""The default :class:`~.datasource.CompanyDataSource`: the portal's own database.

Company fields come from the core's ``Company``; records and history from
the example's tables.  Every method is one statement (``records`` two: the
count and the page), whatever the number of rows.
"""
from __future__ import annotations

import dataclasses
import datetime as dt

import sqlalchemy as sa

from cc_core import api

from .datasource import (COMPANY_FIELDS, RECORD_SORTS, ChangeSet, CompanyDetails, Contact, FieldChange,
                         KeyFigures, Record, RecordPage, Sort, VersionConflict)
from .models import CompanyChange, CrmRecord

_COMPANY_COLUMNS = [getattr(api.Company, name) for name in ("id", *COMPANY_FIELDS, "version")]
_RECORD_COLUMNS = [CrmRecord.id, CrmRecord.reference, CrmRecord.name, CrmRecord.kind, CrmRecord.status,
                   CrmRecord.quantity, CrmRecord.start_date, CrmRecord.renewal_date]


def _key_figures_statement() -> sa.Select:
    """The home panel's three figures in one statement, built once.

    The panel is on every logged-in home page.  Built with bound
    parameters, the statement is constructed and compiled once per process
    instead of on every page (SQLAlchemy reuses its compiled form).
    """
    company_id = sa.bindparam("company_id", type_=sa.Integer)
    active = sa.and_(CrmRecord.company_id == company_id, CrmRecord.status == "active")
    return sa.select(
        sa.select(sa.func.count()).select_from(CrmRecord).where(active).scalar_subquery(),
        sa.select(sa.func.min(CrmRecord.renewal_date))
        .where(active, CrmRecord.renewal_date >= sa.bindparam("today", type_=sa.Date)).scalar_subquery(),
        sa.select(sa.func.count()).select_from(api.Person)
        .where(api.Person.company_id == company_id, api.Person.is_active.is_(True)).scalar_subquery(),
    )


_KEY_FIGURES = _key_figures_statement()


class SqlCompanyDataSource:
    """Reads and writes through a SQLAlchemy session (the request's)."""

    def __init__(self, dbsession):
        self.dbsession = dbsession

    def company(self, company_id: int) -> CompanyDetails | None:
        row = self.dbsession.execute(sa.select(*_COMPANY_COLUMNS).where(api.Company.id == company_id)).first()
        return CompanyDetails(*row) if row is not None else None

    def contacts(self, company_id: int) -> list[Contact]:
        rows = self.dbsession.execute(
            sa.select(api.Person.name, api.Person.is_manager, api.Person.company_access)
            .where(api.Person.company_id == company_id, api.Person.is_active.is_(True))
            .order_by(api.Person.name, api.Person.id))
        return [Contact(*row) for row in rows]

    def records(self, company_id: int, sort: Sort, page: int, per_page: int) -> RecordPage:
        where = CrmRecord.company_id == company_id
        total = self.dbsession.scalar(sa.select(sa.func.count()).select_from(CrmRecord).where(where))
        pages = max(1, -(-total // per_page))
        page = min(max(1, page), pages)
        column = getattr(CrmRecord, RECORD_SORTS[sort.column])
        # Records without a renewal date sort last either way; the id keeps
        # the order stable across pages when values repeat.
        ordering = [column.is_(None), column.desc() if sort.descending else column.asc(),
                    CrmRecord.id.desc() if sort.descending else CrmRecord.id.asc()]
        rows = self.dbsession.execute(
            sa.select(*_RECORD_COLUMNS).where(where).order_by(*ordering)
            .limit(per_page).offset((page - 1) * per_page))
        return RecordPage(tuple(Record(*row) for row in rows), total, page, per_page)

    def key_figures(self, company_id: int, today: dt.date) -> KeyFigures:
        row = self.dbsession.execute(_KEY_FIGURES, {"company_id": company_id, "today": today}).one()
        return KeyFigures(*row)

    def history(self, company_id: int, limit: int) -> list[ChangeSet]:
        recent = (sa.select(CompanyChange.version).where(CompanyChange.company_id == company_id)
                  .group_by(CompanyChange.version).order_by(CompanyChange.version.desc()).limit(limit))
        rows = self.dbsession.execute(
            sa.select(CompanyChange.version, CompanyChange.author_name, CompanyChange.changed_at,
                      CompanyChange.field, CompanyChange.old_value, CompanyChange.new_value)
            .where(CompanyChange.company_id == company_id, CompanyChange.version.in_(recent.scalar_subquery()))
            .order_by(CompanyChange.version.desc(), CompanyChange.id))
        sets: dict[int, tuple[str, dt.datetime, list[FieldChange]]] = {}
        for version, author, changed_at, field, old, new in rows:
            sets.setdefault(version, (author, changed_at, []))[2].append(FieldChange(field, old, new))
        return [ChangeSet(version, author, at, tuple(changes)) for version, (author, at, changes) in sets.items()]

    def saves_by(self, author_id: int) -> list[ChangeSet]:
        rows = self.dbsession.execute(
            sa.select(CompanyChange.company_id, CompanyChange.version, CompanyChange.author_name,
                      CompanyChange.changed_at, CompanyChange.field, CompanyChange.old_value,
                      CompanyChange.new_value)
            .where(CompanyChange.person_id == author_id)
            .order_by(CompanyChange.changed_at, CompanyChange.id))
        sets: dict[tuple[int, int], tuple[str, dt.datetime, list[FieldChange]]] = {}
        for company_id, version, author, changed_at, field, old, new in rows:
            sets.setdefault((company_id, version), (author, changed_at, []))[2].append(FieldChange(field, old, new))
        return [ChangeSet(version, author, at, tuple(changes), company_id)
                for (company_id, version), (author, at, changes) in sets.items()]

    def update_company(self, company_id: int, version: int, values: dict[str, str], author_id: int,
                       author_name: str) -> tuple[CompanyDetails, list[FieldChange]]:
        current = self.company(company_id)
        if current is None:
            raise LookupError(f"company {company_id} does not exist")
        if current.version != version:
            raise VersionConflict(current, self._last_author(company_id))
        old = current.values()
        changes = [FieldChange(field, old[field], values[field]) for field in COMPANY_FIELDS
                   if field in values and values[field] != old[field]]
        if not changes:
            return current, []
        # Compare-and-set: the version check is part of the UPDATE itself, so
        # of two saves racing from the same version exactly one matches a row.
        result = self.dbsession.execute(
            sa.update(api.Company)
            .where(api.Company.id == company_id, api.Company.version == version)
            .values(version=version + 1, **{change.field: change.new for change in changes})
            .execution_options(synchronize_session=False))
        if result.rowcount != 1:
            raise VersionConflict(self.company(company_id), self._last_author(company_id))
        now = api.utcnow()
        self.dbsession.add_all([
            CompanyChange(company_id=company_id, version=version + 1, person_id=author_id, author_name=author_name,
                          changed_at=now, field=change.field, old_value=change.old, new_value=change.new)
            for change in changes])
        self.dbsession.flush()
        # The session may hold the Company loaded for request.person; it must
        # not keep showing the old values.
        self._expire_company(company_id)
        saved = dataclasses.replace(current, version=version + 1, **{c.field: c.new for c in changes})
        return saved, changes

    def _last_author(self, company_id: int) -> str:
        return self.dbsession.scalar(
            sa.select(CompanyChange.author_name).where(CompanyChange.company_id == company_id)
            .order_by(CompanyChange.version.desc(), CompanyChange.id.desc()).limit(1)) or ""

    def _expire_company(self, company_id: int) -> None:
        for obj in list(self.dbsession.identity_map.values()):
            if isinstance(obj, api.Company) and obj.id == company_id:
                self.dbsession.expire(obj)
