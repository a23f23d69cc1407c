"""A pooled connection the database dropped costs a replay of the request, not a round trip on every request.

SQLAlchemy's ``pool_pre_ping`` sends ``SELECT 1`` each time a connection
leaves the pool, to find connections a restarted or failed-over server has
dropped.  For the web application that is one more round trip on every
request, a quarter of a logged-in page's trips to PostgreSQL, to guard
against something that happens once per restart.

Instead the web application's pool hands out connections unchecked.  When
the first statement on a connection just taken from the pool fails because
the connection is gone, nothing of the request has reached the database,
so the error is marked retryable and ``pyramid_retry`` replays the request
on a new connection (SQLAlchemy has already discarded the pool's older
connections).  A connection lost after a statement went through is not
replayed: the request's writes may or may not have landed, and that error
shows the 503 page as before.  Neither is a connection that cannot be made
at all: replaying would only wait for the same refusal again.
"""
from __future__ import annotations

import sqlalchemy as sa
from pyramid_retry import mark_error_retryable

#: In the pool record's ``info``: no statement has gone through since the connection was checked out.
UNUSED = "cc.unused_since_checkout"


def _checked_out(dbapi_connection, record, proxy) -> None:
    record.info[UNUSED] = True


def _executed(connection, cursor, statement, parameters, context, executemany) -> None:
    connection.info[UNUSED] = False


def _failed(context) -> None:
    if replayable(context):
        mark_error_retryable(context.sqlalchemy_exception)


def replayable(context) -> bool:
    """Whether a failed statement's request may be replayed: a dropped connection, before any statement went through."""
    connection = context.connection
    return bool(context.is_disconnect and connection is not None and not connection.closed
                and connection.info.get(UNUSED) and context.sqlalchemy_exception is not None)


def replay_dropped_connections(engine: sa.Engine) -> None:
    """Have requests replayed when ``engine``'s pool hands out a connection the server dropped."""
    sa.event.listen(engine.pool, "checkout", _checked_out)
    sa.event.listen(engine, "after_cursor_execute", _executed)
    sa.event.listen(engine, "handle_error", _failed)
