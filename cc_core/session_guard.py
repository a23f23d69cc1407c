"""No request may end with its database session still in a transaction.

``pyramid_tm`` ends the transaction of what runs inside its tween: the
views and the exception views the ``excview`` tween under it renders.  A
session can still be opened outside that scope: by a tween over it, by an
exception view Pyramid renders after ``pyramid_tm`` has finished (a failed
commit, an error page that itself failed), by a response or finished
callback, or by the layout of such a page asking who is logged in.  Such a
session joins a transaction nobody commits or aborts; on SQLite it then
holds the database's write lock until the garbage collector happens to
close it, and every other write waits and fails.

:func:`close_leftover_session` runs when the request has finished, after
every other finished callback, and ends whatever is still open, logging it
as an error because it is a bug to fix.
"""
from __future__ import annotations

import logging

import transaction

log = logging.getLogger(__name__)


def guard_session(request, dbsession) -> None:
    """Have ``dbsession`` closed when ``request`` finishes, whatever happened."""
    request.add_finished_callback(lambda request: close_leftover_session(request, dbsession))


def close_leftover_session(request, dbsession) -> None:
    """End ``dbsession``'s transaction if it is still open, and close it.

    When other finished callbacks are still queued (one may yet use the
    database), this one queues itself again behind them.
    """
    if request.finished_callbacks:
        guard_session(request, dbsession)
        return
    if dbsession.in_transaction():
        if _holds_connection(dbsession):
            log.error("%s %s left a database transaction open; rolling it back", request.method,
                      request.path_qs)
        _abort_joined_transaction(request)
    dbsession.close()


def _holds_connection(dbsession) -> bool:
    """Whether the session's transaction got as far as a database connection.

    One that failed to connect (the database is down) is open only in
    SQLAlchemy's bookkeeping: closing it is routine, not a leak to report.
    SQLAlchemy offers no public way to ask, hence the private attribute.
    """
    transaction_ = dbsession.get_transaction()
    return bool(getattr(transaction_, "_connections", True))


def _abort_joined_transaction(request) -> None:
    """Abort the ``transaction`` the session joined, so its data manager goes too.

    Rolling back only the SQLAlchemy session would leave zope.sqlalchemy's
    data manager in the thread's transaction, to be committed or aborted by
    whichever request that thread serves next.
    """
    manager = request.__dict__.get("tm") or transaction.manager
    try:
        manager.abort()
    except Exception:  # an explicit manager with no transaction, or an abort that failed
        log.exception("aborting the leftover transaction failed; closing the session anyway")
