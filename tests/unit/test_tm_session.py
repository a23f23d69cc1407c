"""Sessions joined to a transaction manager through class-level listeners (cc_core.tm_session)."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
import transaction
from sqlalchemy import event
from sqlalchemy.orm import sessionmaker
from zope.sqlalchemy.datamanager import _SESSION_STATE

from cc_core.db import get_tm_session, make_session_factory
from cc_core import tm_session
from cc_core.tm_session import TransactionSession


@pytest.fixture
def engine(tmp_path):
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'tm.sqlite'}")
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT)")
    yield engine
    engine.dispose()


def _bodies(engine) -> list[str]:
    with engine.connect() as connection:
        return [row[0] for row in connection.exec_driver_sql("SELECT body FROM note ORDER BY id")]


def test_the_manager_commits_what_the_session_wrote(engine):
    manager = transaction.TransactionManager(explicit=True)
    with manager:
        session = get_tm_session(make_session_factory(engine), manager)
        assert isinstance(session, TransactionSession)
        session.execute(sa.text("INSERT INTO note (body) VALUES ('kept')"))
        # A textual statement is not an ORM change: it is marked by hand, as with zope.sqlalchemy.
        from zope.sqlalchemy import mark_changed
        mark_changed(session, transaction_manager=manager)
    assert _bodies(engine) == ["kept"]


def test_an_aborted_transaction_leaves_nothing(engine):
    manager = transaction.TransactionManager(explicit=True)
    manager.begin()
    session = get_tm_session(make_session_factory(engine), manager)
    session.execute(sa.text("INSERT INTO note (body) VALUES ('dropped')"))
    manager.abort()
    assert _bodies(engine) == []
    assert id(session) not in _SESSION_STATE


def test_each_session_joins_its_own_manager(engine):
    factory = make_session_factory(engine)
    first, second = (transaction.TransactionManager(explicit=True) for _ in range(2))
    first.begin()
    second.begin()
    one = get_tm_session(factory, first)
    two = get_tm_session(factory, second)
    one.execute(sa.text("SELECT 1"))
    two.execute(sa.text("SELECT 1"))
    joined = {manager: [type(resource).__name__ for resource in manager.get()._resources] for manager in (first, second)}
    assert joined == {first: ["SessionDataManager"], second: ["SessionDataManager"]}
    first.abort()
    second.abort()


def test_committing_by_hand_is_refused(engine):
    manager = transaction.TransactionManager(explicit=True)
    manager.begin()
    session = get_tm_session(make_session_factory(engine), manager)
    session.execute(sa.text("SELECT 1"))
    with pytest.raises(AssertionError, match="transaction manager"):
        session.commit()
    manager.abort()


def test_a_session_adds_no_listeners_of_its_own(engine):
    """The reason for the class: making a session registers nothing on it."""
    manager = transaction.TransactionManager(explicit=True)
    manager.begin()
    session = get_tm_session(make_session_factory(engine), manager)
    assert not session.dispatch.after_begin.listeners
    assert event.contains(TransactionSession, "after_begin", tm_session._after_begin)
    manager.abort()


def test_a_plain_factory_is_registered_the_usual_way(engine):
    manager = transaction.TransactionManager(explicit=True)
    with manager:
        session = get_tm_session(sessionmaker(bind=engine), manager)
        assert not isinstance(session, TransactionSession)
        assert event.contains(session, "after_begin", session.dispatch.after_begin.listeners[0])
        session.execute(sa.text("INSERT INTO note (body) VALUES ('plain')"))
        from zope.sqlalchemy import mark_changed
        mark_changed(session, transaction_manager=manager)
    assert _bodies(engine) == ["plain"]


@pytest.mark.parametrize("factory", [make_session_factory, lambda engine: sessionmaker(bind=engine)],
                         ids=["transaction session", "plain session"])
def test_a_core_statement_marked_by_mark_changed_is_committed_and_unmarked_it_is_not(engine, factory):
    for body, mark in (("unmarked", False), ("marked", True)):
        manager = transaction.TransactionManager(explicit=True)
        with manager:
            session = get_tm_session(factory(engine), manager)
            session.execute(sa.text("INSERT INTO note (body) VALUES (:body)"), {"body": body})
            if mark:
                tm_session.mark_changed(session)
    assert _bodies(engine) == ["marked"]
