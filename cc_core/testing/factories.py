"""Test data: companies and people who can log in."""
from __future__ import annotations

import uuid

import sqlalchemy as sa

from .settings import DEMO_PASSWORD

#: Hashes by password: argon2 is slow on purpose, and tests create many people.
_hash_cache: dict = {}


def create_company(dbsession, name: str | None = None, **fields):
    from ..models import Company

    company = Company(name=name or f"Company {uuid.uuid4().hex[:6]}", **fields)
    dbsession.add(company)
    dbsession.flush()
    return company


def create_person(dbsession, email: str | None = None, password: str = DEMO_PASSWORD, company=None, **fields):
    """A person who can log in with ``password`` (hashes are cached: argon2 is slow on purpose)."""
    from ..models import Person
    from ..passwords import hash_password

    if password not in _hash_cache:
        _hash_cache[password] = hash_password(password)
    person = Person(email=(email or f"p{uuid.uuid4().hex[:8]}@example.org").lower(),
                    name=fields.pop("name", "Test Person"), company=company,
                    password_hash=_hash_cache[password], **fields)
    dbsession.add(person)
    dbsession.flush()
    return person


def person_by_email(dbsession, email: str, fresh: bool = False):
    """The person with ``email``; ``fresh`` reads their row again, as the app has just changed it."""
    from ..models import Person

    query = sa.select(Person).where(Person.email == email)
    if fresh:
        query = query.execution_options(populate_existing=True)
    return dbsession.scalar(query)
