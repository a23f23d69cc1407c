"""Sessions that join a transaction manager without per-session event listeners.

``zope.sqlalchemy.register(session, transaction_manager=tm)`` adds seven
event listeners to the one session it is given.  Registering listeners
costs more than a request's whole query (SQLAlchemy builds and files an
event collection for each), and a request opens a session every time, so
the portal paid it on every page.

:class:`TransactionSession` carries the same seven listeners once, on the
class, and each listener finds its session's transaction manager in
``session.info[TM_KEY]``, set when the session is made
(:func:`session_for`).  What the listeners do is zope.sqlalchemy's own
(:func:`zope.sqlalchemy.datamanager.join_transaction` and ``mark_changed``),
so a session of this class behaves exactly as a registered one: it joins
the transaction on its first statement, a flush or bulk change marks it
changed, and committing it by hand is refused.
"""
from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.orm import Session
from zope.sqlalchemy.datamanager import STATUS_ACTIVE, ZopeTransactionEvents

#: Where a session keeps the transaction manager it joins.
TM_KEY = "cc.transaction_manager"


class TransactionSession(Session):
    """A session that joins the transaction manager in its ``info`` (see the module)."""


def _events(session) -> ZopeTransactionEvents:
    """zope.sqlalchemy's listener object for ``session``, made on first use and kept in its ``info``."""
    info = session.info
    events = info.get("cc.transaction_events")
    if events is None:
        events = info["cc.transaction_events"] = ZopeTransactionEvents(
            initial_state=STATUS_ACTIVE, transaction_manager=info[TM_KEY])
    return events


@event.listens_for(TransactionSession, "after_begin")
def _after_begin(session, transaction, connection):
    if TM_KEY in session.info:
        _events(session).after_begin(session, transaction, connection)


@event.listens_for(TransactionSession, "after_attach")
def _after_attach(session, instance):
    if TM_KEY in session.info:
        _events(session).after_attach(session, instance)


@event.listens_for(TransactionSession, "after_flush")
def _after_flush(session, flush_context):
    if TM_KEY in session.info:
        _events(session).after_flush(session, flush_context)


@event.listens_for(TransactionSession, "after_bulk_update")
def _after_bulk_update(update_context):
    if TM_KEY in update_context.session.info:
        _events(update_context.session).after_bulk_update(update_context)


@event.listens_for(TransactionSession, "after_bulk_delete")
def _after_bulk_delete(delete_context):
    if TM_KEY in delete_context.session.info:
        _events(delete_context.session).after_bulk_delete(delete_context)


@event.listens_for(TransactionSession, "before_commit")
def _before_commit(session):
    if TM_KEY in session.info:
        _events(session).before_commit(session)


@event.listens_for(TransactionSession, "do_orm_execute")
def _do_orm_execute(execute_state):
    if TM_KEY in execute_state.session.info:
        _events(execute_state.session).do_orm_execute(execute_state)


def mark_changed(session) -> None:
    """Record that ``session`` wrote through a Core statement, which the listeners cannot tell from a read.

    zope.sqlalchemy commits a session only once it has written; an ORM
    flush or an ORM ``insert``/``update`` says so by itself, a statement
    on a ``Table`` (built once and reused, to skip the ORM's per-call
    work) does not.
    """
    if TM_KEY in session.info:
        _events(session).mark_changed(session)
    else:
        import transaction
        import zope.sqlalchemy

        zope.sqlalchemy.mark_changed(session, session.info.get(_REGISTERED_TM_KEY, transaction.manager))


#: Where a session registered the usual way keeps its transaction manager (for :func:`mark_changed`).
_REGISTERED_TM_KEY = "cc.registered_transaction_manager"


def session_for(session_factory, transaction_manager, info: dict) -> Session:
    """A session from ``session_factory`` joined to ``transaction_manager``.

    A factory that makes :class:`TransactionSession` objects is joined
    through the class's listeners; any other (a plain ``sessionmaker``) is
    registered with zope.sqlalchemy the usual way.
    """
    import zope.sqlalchemy

    session = session_factory(info={**info, TM_KEY: transaction_manager})
    if not isinstance(session, TransactionSession):
        session.info[_REGISTERED_TM_KEY] = session.info.pop(TM_KEY)
        zope.sqlalchemy.register(session, transaction_manager=transaction_manager)
    return session
