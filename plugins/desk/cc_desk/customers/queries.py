"""Reading persons and companies for the customer pages, one query per list."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager

from cc_core import api

from ..paging import page_of

PERSON_KINDS = ("all", "customers", "staff", "inactive")


def like_pattern(text: str) -> str:
    """A ``LIKE`` pattern matching ``text`` anywhere, its wildcards escaped."""
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search_persons(request, q: str = "", kind: str = "all", company_id: int | None = None) -> api.Page:
    """Persons by name (then id), with their company loaded in the same query."""
    Person, Company = api.Person, api.Company
    stmt = (sa.select(Person).outerjoin(Person.company).options(contains_eager(Person.company)))
    if q:
        pattern = like_pattern(q)
        stmt = stmt.where(sa.or_(sa.func.lower(Person.name).like(pattern, escape="\\"),
                                 sa.func.lower(Person.email).like(pattern, escape="\\"),
                                 sa.func.lower(Company.name).like(pattern, escape="\\")))
    if kind == "customers":
        stmt = stmt.where(Person.is_staff.is_(False), Person.is_active.is_(True))
    elif kind == "staff":
        stmt = stmt.where(Person.is_staff.is_(True), Person.is_active.is_(True))
    elif kind == "inactive":
        stmt = stmt.where(Person.is_active.is_(False))
    if company_id is not None:
        stmt = stmt.where(Person.company_id == company_id)
    page = page_of(request, stmt, [api.Order(Person.name), api.Order(Person.id)], "persons")
    page.rows = page.items
    return page


def search_companies(request, q: str = "") -> api.Page:
    """Companies by name (then id), each with its number of active persons."""
    Person, Company = api.Person, api.Company
    persons = (sa.select(sa.func.count(Person.id)).where(Person.company_id == Company.id,
                                                           Person.is_active.is_(True))
               .correlate(Company).scalar_subquery())
    stmt = sa.select(Company, persons.label("persons"))
    if q:
        pattern = like_pattern(q)
        stmt = stmt.where(sa.or_(sa.func.lower(Company.name).like(pattern, escape="\\"),
                                 sa.func.lower(Company.org_number).like(pattern, escape="\\"),
                                 sa.func.lower(Company.city).like(pattern, escape="\\")))
    return page_of(request, stmt, [api.Order(Company.name), api.Order(Company.id)], "companies")


def company_persons(dbsession, company_id: int) -> list:
    """Every person of one company, staff-relevant flags included."""
    Person = api.Person
    return list(dbsession.scalars(sa.select(Person).where(Person.company_id == company_id)
                                  .order_by(Person.is_active.desc(), Person.name, Person.id)))
