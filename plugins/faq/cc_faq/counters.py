"""Counting article views without turning every page view into a write.

A view count is worth less than the page: it is incremented in a short
transaction of its own, after the page's transaction has committed.  On
SQLite this matters: a read transaction that later tries to write fails
at once ("database is locked") when another writer committed meanwhile,
whereas a transaction whose first statement is the write simply waits its
turn.  A crash may lose a few counts; no page ever fails because of one.
"""
from __future__ import annotations

import logging

import sqlalchemy as sa
from sqlalchemy.orm import Session

from . import dialects
from .models import Article

log = logging.getLogger(__name__)


def increment_views(bind, article_id: int) -> None:
    """Add one view to the article in a transaction of its own on ``bind``."""
    # create_savepoint: when ``bind`` is a connection inside an outer
    # transaction (the test harness), this becomes a savepoint of it.
    with Session(bind=bind, join_transaction_mode="create_savepoint") as session, session.begin():
        dialects.relax_durability(session)
        session.execute(sa.update(Article).where(Article.id == article_id)
                        .values(view_count=Article.view_count + 1))


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
