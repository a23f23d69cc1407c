"""How many SQL statements a request sends and how long it waits for them.

Listeners on every SQLAlchemy engine of the process add each statement's
cursor time to the tally of the request running in this thread (a
context variable the observing tween sets); statements outside a request,
a worker's jobs say, find no tally and cost two clock reads.
"""
from __future__ import annotations

import contextvars
import dataclasses
import time

import sqlalchemy as sa

_START = "cc.metrics.statement_started"


@dataclasses.dataclass
class StatementTally:
    """One request's statements so far."""

    statements: int = 0
    seconds: float = 0.0


current_tally: contextvars.ContextVar[StatementTally | None] = contextvars.ContextVar("cc_statement_tally",
                                                                                      default=None)


def _before(conn, cursor, statement, parameters, context, executemany):
    conn.info.setdefault(_START, []).append(time.perf_counter())


def _after(conn, cursor, statement, parameters, context, executemany):
    started = conn.info.get(_START)
    if not started:
        return
    elapsed = time.perf_counter() - started.pop()
    tally = current_tally.get()
    if tally is not None:
        tally.statements += 1
        tally.seconds += elapsed


def _error(context):
    # A failed statement never reaches after_cursor_execute: drop its start.
    started = context.connection.info.get(_START) if context.connection is not None else None
    if started:
        started.pop()


def listen_to_all_engines() -> None:
    """Time every statement of every engine in the process (idempotent)."""
    if not sa.event.contains(sa.engine.Engine, "before_cursor_execute", _before):
        sa.event.listen(sa.engine.Engine, "before_cursor_execute", _before)
        sa.event.listen(sa.engine.Engine, "after_cursor_execute", _after)
        sa.event.listen(sa.engine.Engine, "handle_error", _error)
