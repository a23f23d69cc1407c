"""Counting article views without turning every page view into a write.

A view count is worth less than the page: it is incremented in a short
transaction of its own, after the page's transaction has committed.  On
SQLite this matters: a read transaction that later tries to write fails
at once ("database is locked") when another writer committed meanwhile,
whereas a transaction whose first statement is the write simply waits its
turn.  A crash may lose a few counts; no page ever fails because of one.

The ``UPDATE`` is built once, with the article's id bound, and runs on a
connection rather than in an ORM session of its own; on PostgreSQL it
also relaxes the transaction's durability itself
(:func:`.dialects.relaxing_durability`).  A view costs that one statement
and its transaction, nothing more.
"""
from __future__ import annotations

import logging

import sqlalchemy as sa

from . import dialects
from .models import Article

log = logging.getLogger(__name__)


_table = Article.__table__
_INCREMENT = (sa.update(_table).where(_table.c.id == sa.bindparam("article_id", type_=sa.Integer))
              .values(view_count=_table.c.view_count + 1))
#: The increment as each database runs it (built once per database).
_INCREMENTS: dict[str, sa.Update] = {}


def _increment_statement(dialect_name: str) -> sa.Update:
    statement = _INCREMENTS.get(dialect_name)
    if statement is None:
        relaxing = dialects.relaxing_durability(dialect_name)
        statement = _INCREMENTS[dialect_name] = _INCREMENT if relaxing is None else _INCREMENT.where(relaxing)
    return statement


def increment_views(bind, article_id: int) -> None:
    """Add one view to the article in a transaction of its own on ``bind``.

    ``bind`` is the engine, or a connection inside an outer transaction
    (the test harness): then the increment is a savepoint of it.
    """
    if isinstance(bind, sa.Connection):
        with bind.begin_nested():
            _increment(bind, article_id)
    else:
        with bind.begin() as connection:
            _increment(connection, article_id)


def _increment(connection, article_id: int) -> None:
    connection.execute(_increment_statement(connection.dialect.name), {"article_id": article_id})


def count_view(request, article_id: int) -> None:
    """Count a view of ``article_id`` once the request's transaction has committed."""
    bind = request.dbsession.get_bind()

    def after_commit(committed: bool) -> None:
        if not committed:
            return
        try:
            increment_views(bind, article_id)
        except Exception:  # the page is served already; a lost count is not worth an error
            log.exception("could not count a view of FAQ article %s", article_id)

    request.tm.get().addAfterCommitHook(after_commit)
