"""Values about the logged-in person read in the statement that loads them.

Every page loads the logged-in person (:func:`cc_core.auth._load_person`),
and the layout of every page shows things about them that plugins own,
such as how many of their requests are open.  Asked separately, each such
value costs every page one more round trip to the database.  A plugin
instead contributes a column expression through ``cc_person_columns``
(called once, when the first person is loaded); the expressions join the
person's own statement, and the plugin reads its value back with
:func:`person_value`.

The values describe the data as the request found it.  A request with an
unsafe method may change that data before its page renders (a form that
is shown again after closing a request, say), so :func:`person_value`
answers ``None`` for such requests, as it does when the value was not
loaded at all (a person who logged in during this request): the plugin
then asks the database itself, as it would without this shortcut.
"""
from __future__ import annotations

import dataclasses
from typing import Any

import sqlalchemy as sa

from .models import Person, RevokedSession

#: Where the values loaded with the person are kept for the request (their id, then the values).
ENVIRON_KEY = "cc.person_columns"
_REGISTRY_KEY = "cc.person_statement"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclasses.dataclass(frozen=True)
class PersonColumn:
    """A value loaded with the person: ``expression`` is a scalar SQL expression over ``Person``.

    Typically a correlated scalar subquery, e.g. ``select(func.count())
    .where(Request.owner_id == Person.id).scalar_subquery()``.  ``name``
    is what :func:`person_value` reads it by: prefix it with the plugin's
    name.
    """

    name: str
    expression: Any


def person_statement(registry, with_columns: bool = True) -> tuple[sa.Select, tuple[str, ...]]:
    """The statement that loads a person, whether their session was revoked, and the plugins' columns.

    Built once per application: with bound parameters for the person's id
    and the session's id, SQLAlchemy compiles it once and reuses the
    compiled form, where a statement built for every request is built and
    looked up in its cache every time.  ``with_columns=False`` leaves the
    plugins' columns out: for requests that may change data, which
    :func:`person_value` never answers (a post that redirects, typically,
    would pay for the menu's counts and show no menu).
    """
    if not with_columns:
        built = registry.get(_REGISTRY_KEY + ".bare")
        if built is None:
            built = registry[_REGISTRY_KEY + ".bare"] = (_statement(()), ())
        return built
    built = registry.get(_REGISTRY_KEY)
    if built is None:
        columns = []
        for contributed in registry["cc.plugin_manager"].hook.cc_person_columns():
            columns.extend(contributed or ())
        names = tuple(column.name for column in columns)
        if len(set(names)) != len(names):
            raise ValueError(f"two plugins contribute a person column of the same name: {sorted(names)}")
        built = registry[_REGISTRY_KEY] = (_statement(columns), names)
    return built


def _statement(columns) -> sa.Select:
    revoked = sa.exists().where(RevokedSession.session_id == sa.bindparam("session_id"))
    return (sa.select(Person, revoked.label("revoked"), *(c.expression.label(c.name) for c in columns))
            .where(Person.id == sa.bindparam("person_id")))


def keep_values(request, person_id: int, row, names: tuple[str, ...]) -> None:
    """Remember the contributed values of ``row`` for this request."""
    request.environ[ENVIRON_KEY] = (person_id, {name: row._mapping[name] for name in names})


def forget_values(request) -> None:
    """The person of this request changed (login, logout): the values loaded no longer apply."""
    request.environ.pop(ENVIRON_KEY, None)


def person_value(request, name: str):
    """The value of the person column ``name`` as the request began, or ``None``.

    ``None`` when nobody is logged in, when the column was not loaded with
    this person, and for requests that may change data (any method but
    GET, HEAD and OPTIONS): ask the database then.
    """
    if request.method not in SAFE_METHODS:
        return None
    person = request.person
    kept = request.environ.get(ENVIRON_KEY)
    if person is None or kept is None or kept[0] != person.id:
        return None
    return kept[1].get(name)
