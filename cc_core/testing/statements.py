"""Counting the SQL statements a page sends, for tests that a page costs the same however much it shows.

A page that runs one query per row it lists (N+1) is fast with the demo
data and slow with a customer's; such a test fetches the page with few
rows and with many and asserts the counts are equal.
"""
from __future__ import annotations

import contextlib

import pytest
import sqlalchemy as sa

#: The harness's own savepoint bookkeeping (each request runs in a savepoint of the test's transaction).
BOOKKEEPING = ("SAVEPOINT", "RELEASE", "ROLLBACK")


@contextlib.contextmanager
def recorded_statements(connection):
    """Collect the SQL sent on ``connection`` inside the ``with`` block, savepoint bookkeeping left out."""
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        if not statement.lstrip().upper().startswith(BOOKKEEPING):
            statements.append(statement)

    sa.event.listen(connection, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        sa.event.remove(connection, "before_cursor_execute", record)


@pytest.fixture
def sql_statements(dbconnection):
    """``with sql_statements() as statements:`` lists the SQL the test's connection ran in the block.

    The app under test shares that connection, so a ``testapp.get()``
    inside the block is counted.
    """
    return lambda: recorded_statements(dbconnection)
