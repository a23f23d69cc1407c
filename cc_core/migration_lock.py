"""One ``cc upgrade`` at a time, however many hosts run it at once.

A deployment that starts every host with ``cc upgrade`` (the container's
entrypoint does) runs it on all of them together.  Without a lock two
would run the same migration, and the second fail half-way (a table that
exists already) or, worse, apply it twice.  With the lock the first
runs the migrations; the others wait, then find the schema at head and
do nothing.

PostgreSQL: a session-level advisory lock on a fixed key, held on a
connection of its own, so it ends with the process even if that is
killed.  SQLite: an exclusive ``flock`` on a file beside the database
(the processes share the database file, so they share its folder);
an in-memory database is private to its process and needs none.
"""
from __future__ import annotations

import contextlib
import fcntl
import os

import sqlalchemy as sa

#: The advisory lock's key: any fixed number the portal's database uses for nothing else ("CCUPGRAD").
ADVISORY_KEY = 0x4343555047524144


@contextlib.contextmanager
def migration_lock(engine):
    """Hold the database's upgrade lock for the ``with`` block, waiting for it if another holds it."""
    if engine.dialect.name == "postgresql":
        with _advisory_lock(engine):
            yield
    elif engine.dialect.name == "sqlite":
        with _file_lock(engine.url.database):
            yield
    else:  # pragma: no cover - the portal supports PostgreSQL and SQLite
        yield


@contextlib.contextmanager
def _advisory_lock(engine):
    with engine.connect() as connection:
        connection.execute(sa.select(sa.func.pg_advisory_lock(ADVISORY_KEY)))
        connection.commit()
        try:
            yield
        finally:
            connection.execute(sa.select(sa.func.pg_advisory_unlock(ADVISORY_KEY)))
            connection.commit()


@contextlib.contextmanager
def _file_lock(database: str | None):
    if not database or database == ":memory:" or database.startswith("file::memory:"):
        yield
        return
    path = os.path.abspath(database) + ".upgrade-lock"
    with open(path, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
