"""Categories and priorities: the choices forms and filters offer.

Both tables are small and change rarely; each function reads one of them
in one query.  Category labels show their parent ("Billing › Invoices")
so a tree reads well in a flat select.
"""
from __future__ import annotations

import sqlalchemy as sa

from .models import Category, Priority

SEPARATOR = " › "


def _all_categories(dbsession, active_only: bool) -> list[Category]:
    stmt = sa.select(Category).order_by(Category.position, Category.name, Category.id)
    if active_only:
        stmt = stmt.where(Category.active.is_(True))
    return list(dbsession.scalars(stmt))


def _tree_labels(categories: list[Category], language: str | None) -> list[tuple[int, str]]:
    by_id = {c.id: c for c in categories}
    labels = []
    for category in categories:
        parts, seen, node = [], set(), category
        while node is not None and node.id not in seen:
            seen.add(node.id)
            parts.append(node.label(language))
            node = by_id.get(node.parent_id) if node.parent_id else None
        labels.append((category.id, SEPARATOR.join(reversed(parts))))
    return labels


def category_choices(request, active_only: bool = True) -> list[tuple[int, str]]:
    """(id, label in the viewer's language) of the categories, in their order."""
    return _tree_labels(_all_categories(request.dbsession, active_only), request.locale_name)


def active_categories(request) -> tuple[list[Category], list[tuple[int, str]]]:
    """The active categories and their choices (as :func:`category_choices`), from one query.

    A form that also needs the chosen category keeps the list and takes
    it from there: the session holds loaded rows only while something
    refers to them, so looking it up again by id would read it again.
    """
    found = _all_categories(request.dbsession, active_only=True)
    return found, _tree_labels(found, request.locale_name)


def categories(dbsession, language: str | None = None) -> list[tuple[int, str]]:
    """(id, label) of every category, active or not (for staff filters)."""
    return _tree_labels(_all_categories(dbsession, active_only=False), language)


def _priorities(dbsession, customer_only: bool) -> list[Priority]:
    stmt = sa.select(Priority).where(Priority.active.is_(True)).order_by(Priority.rank, Priority.id)
    if customer_only:
        stmt = stmt.where(Priority.customer_selectable.is_(True))
    return list(dbsession.scalars(stmt))


def priority_choices(request, customer_only: bool = False) -> list[tuple[int, str]]:
    """(id, label) of the active priorities, least urgent first."""
    return [(p.id, p.label(request.locale_name)) for p in _priorities(request.dbsession, customer_only)]


def priorities(dbsession, language: str | None = None) -> list[tuple[int, str]]:
    """(id, label) of the active priorities (for staff filters)."""
    return [(p.id, p.label(language)) for p in _priorities(dbsession, customer_only=False)]


def customer_priorities(dbsession) -> list[Priority]:
    return _priorities(dbsession, customer_only=True)


def default_priority(dbsession) -> Priority | None:
    """The priority marked default (among those customers may choose), else the first of them."""
    return default_of(customer_priorities(dbsession))


def default_of(choices: list[Priority]) -> Priority | None:
    """:func:`default_priority` among ``choices`` already read (:func:`customer_priorities`)."""
    return next((p for p in choices if p.is_default), choices[0] if choices else None)
