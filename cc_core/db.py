"""Database wiring: declarative base, engine, request-scoped sessions.

A request's ``request.dbsession`` is joined to the ``pyramid_tm``
transaction through ``zope.sqlalchemy``, so a view never commits by hand:
a response commits, an exception rolls back, and ``pyramid_retry`` replays a
request that failed on a serialisation error or deadlock.
"""
from __future__ import annotations

import contextvars
import datetime as dt

import sqlalchemy as sa
from sqlalchemy import event
from pyramid.settings import asbool
from sqlalchemy.orm import DeclarativeBase, sessionmaker

from .db_reconnect import replay_dropped_connections
from .session_guard import guard_session
from .tm_session import TransactionSession, session_for

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

DEFAULT_URL = "sqlite:///%(here)s/var/cc.sqlite"


class Base(DeclarativeBase):
    """Declarative base of every model, core and plugins alike."""

    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> dt.datetime:
    """The current time, timezone-aware in UTC: all stored times are UTC."""
    return dt.datetime.now(dt.timezone.utc)


class UTCDateTime(sa.types.TypeDecorator):
    """A timestamp stored in UTC that always comes back timezone-aware.

    SQLite has no timezone type; without this, times read back naive on one
    database and aware on the other, and comparisons break.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(dt.timezone.utc) if value is not None else None

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=dt.timezone.utc)
        return value


def engine_from_settings(settings: dict, *, pre_ping: bool = True) -> sa.Engine:
    """Create the engine for ``sqlalchemy.url``, tuned for its dialect.

    ``pre_ping`` checks a pooled connection of a database server before it
    is used (a round trip each time).  The web application turns it off
    and replays a request that met a dropped connection instead
    (:mod:`.db_reconnect`); scripts and the worker keep it.
    """
    url = settings.get("sqlalchemy.url") or "sqlite:///var/cc.sqlite"
    engine = sa.create_engine(url, future=True, **_engine_options(url, pre_ping))
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


def _engine_options(url: str, pre_ping: bool) -> dict:
    if url.startswith("sqlite"):
        return {"connect_args": {"timeout": 30, "check_same_thread": False}}
    return {"pool_pre_ping": pre_ping}


def _sqlite_pragmas(dbapi_connection, _record):
    cursor = dbapi_connection.cursor()
    # WAL lets readers work while one writer commits; foreign keys are off by
    # default in SQLite and must be asked for on every connection.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
    # Take transaction control away from the sqlite3 module, which would
    # otherwise begin transactions late and break SAVEPOINT; SQLAlchemy
    # then emits BEGIN itself (see _sqlite_begin).
    dbapi_connection.isolation_level = None


# Set for requests that will write.  SQLite then starts their transactions
# with BEGIN IMMEDIATE, taking the write lock up front (waiting for it up to
# the busy timeout) instead of failing with "database is locked" when a read
# transaction later tries to become a write one.
sqlite_write_intent: contextvars.ContextVar[bool] = contextvars.ContextVar("sqlite_write_intent", default=False)


def _sqlite_begin(connection):
    connection.exec_driver_sql("BEGIN IMMEDIATE" if sqlite_write_intent.get() else "BEGIN")


def make_session_factory(bind, **kwargs) -> sessionmaker:
    return sessionmaker(bind=bind, expire_on_commit=False, class_=TransactionSession, **kwargs)


def get_tm_session(session_factory, transaction_manager, request=None):
    """Return a session joined to ``transaction_manager`` (:mod:`.tm_session`)."""
    return session_for(session_factory, transaction_manager, {"request": request})


def includeme(config):
    """Give every request a transactional ``request.dbsession``.

    The test harness may pre-set ``registry['cc.db.session_factory']`` (a
    session bound to one connection, rolled back after each test).
    """
    settings = config.get_settings()
    # pyramid_tm would look up who is logged in (to annotate the transaction,
    # which nothing here reads) before the exception view tween: a database
    # error there would escape every error page.  Let the views ask.
    settings.setdefault("tm.annotate_user", "false")
    config.include("pyramid_tm")
    config.include("pyramid_retry")
    registry = config.registry
    if "cc.db.session_factory" not in registry:
        pre_ping = asbool(settings.get("cc.db.pre_ping", False))
        engine = engine_from_settings(settings, pre_ping=pre_ping)
        if not pre_ping:
            replay_dropped_connections(engine)
        registry["cc.db.engine"] = engine
        registry["cc.db.session_factory"] = make_session_factory(engine)
    session_factory = registry["cc.db.session_factory"]

    def dbsession(request):
        sqlite_write_intent.set(request.method not in ("GET", "HEAD", "OPTIONS"))
        # pyramid_tm may not be active (e.g. in scripts using prepare());
        # then the caller owns the transaction.
        tm = getattr(request, "tm", None)
        if tm is None:
            import transaction

            tm = transaction.manager
        dbsession = get_tm_session(session_factory, tm, request=request)
        # Whatever opened it (a view, an error page, a tween, a callback), it
        # is closed when the request ends.
        guard_session(request, dbsession)
        return dbsession

    config.add_request_method(dbsession, "dbsession", reify=True)
