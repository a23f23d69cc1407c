"""Can a write start now?  The health check's cheap, dialect-specific probe.

``SELECT 1`` proves the database answers, not that it accepts writes.  A
SQLite file whose write lock is held (by a transaction somebody forgot to
end) answers reads happily while every write waits out the busy timeout and
fails; a PostgreSQL server that became a read-only standby does the same.
The probe asks for exactly what a write needs and gives it back at once.
"""
from __future__ import annotations

import sqlite3

import sqlalchemy as sa

#: How long the probe waits for SQLite's write lock, in milliseconds.
SQLITE_PROBE_TIMEOUT_MS = 1000


def write_problem(engine: sa.Engine) -> str | None:
    """``None`` when a write could start now, else a word saying why not.

    Raises SQLAlchemy's errors when the database cannot be reached at all.
    """
    if engine.dialect.name == "sqlite":
        return _sqlite_write_problem(engine)
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            read_only = connection.exec_driver_sql("SHOW transaction_read_only").scalar()
        return "read-only" if read_only == "on" else None
    return None


def _sqlite_write_problem(engine: sa.Engine) -> str | None:
    # Straight on the DB-API connection: the engine's own BEGIN (see
    # cc_core.db) must not come first, and the busy timeout is set back.
    connection = engine.raw_connection()
    try:
        cursor = connection.cursor()
        usual_timeout = cursor.execute("PRAGMA busy_timeout").fetchone()[0]
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_PROBE_TIMEOUT_MS}")
        try:
            cursor.execute("BEGIN IMMEDIATE")
            cursor.execute("ROLLBACK")
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                return "locked"
            raise
        finally:
            cursor.execute(f"PRAGMA busy_timeout = {int(usual_timeout)}")
            cursor.close()
    finally:
        connection.close()
    return None
