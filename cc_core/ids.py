"""Row ids in URLs: what a route matched, as a number a database can hold.

Routes take ids of up to 18 digits, so no URL is turned away by its
length alone; the databases keep 32-bit integers.  A larger number is
then no row's id, and must answer 404 like any id that does not exist:
PostgreSQL would refuse to compare it with an integer column (an error
page instead of "not found").
"""
from __future__ import annotations

from pyramid.httpexceptions import HTTPNotFound

MAX_ID = 2**31 - 1


def id_segment(name: str = "id") -> str:
    """The route pattern of one id in a URL: ``{id:\\d{1,18}}``.

    Every plugin's routes use this one pattern, so an id too long for the
    database reaches the view and gets the same 404 everywhere (through
    :func:`matched_id`), instead of some routes refusing it and others not.
    """
    return "{%s:\\d{1,18}}" % name


def parse_id(value) -> int | None:
    """A positive id from a URL part, or ``None`` when no row can have it."""
    if not isinstance(value, str) or not (value.isascii() and value.isdigit()) or len(value) > 10:
        return None
    number = int(value)
    return number if 0 < number <= MAX_ID else None


def matched_id(request, name: str = "id") -> int:
    """The id the route matched as ``{name}``; ``HTTPNotFound`` when no row can have it."""
    number = parse_id(request.matchdict.get(name))
    if number is None:
        raise HTTPNotFound()
    return number
