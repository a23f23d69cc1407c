"""DIALECT-SPECIFIC SQL: every request's desk row, with copies of its status and last activity.

The queue's "assigned to me" and "unassigned" pages filter on the desk's
row (the assignee) and sort on the request's (status, last activity).
With the two in different tables, a page either walked the status's
requests probing each one's desk row, or read all of an agent's requests
and sorted them: both grow with the million.  So ``desk_ticket`` carries
copies of the request's ``status`` and ``updated_at`` (as
``activity_at``), and one index of its own serves filter and order.

The copies are kept by triggers on ``requests_request`` (after insert,
and after an update of either column), not by the desk's code: the
requests plugin, its jobs, inbound mail and the customer's pages change
requests without knowing the desk, and a trigger sees every one of
those writes.  The trigger also creates the row of a new request, so
every request has one; code that writes a desk row updates it
(:func:`upsert_statement`) rather than inserting it.
"""
from __future__ import annotations

import sqlalchemy as sa

from cc_core import api

#: Requests per statement when the migration fills the rows of existing requests.
BACKFILL_BATCH = 50_000

_UPSERT = ("INSERT INTO desk_ticket (request_id, assignee_id, version, updated_at, status, activity_at)"
           " VALUES ({new}.id, NULL, 0, {new}.updated_at, {new}.status, {new}.updated_at)"
           " ON CONFLICT (request_id) DO UPDATE SET status = excluded.status, activity_at = excluded.activity_at")

TRIGGERS = api.DialectScript(
    sqlite_install=[
        "CREATE TRIGGER desk_ticket_mirror_insert AFTER INSERT ON requests_request BEGIN "
        + _UPSERT.format(new="new") + "; END",
        "CREATE TRIGGER desk_ticket_mirror_update AFTER UPDATE OF status, updated_at ON requests_request"
        " WHEN new.status IS NOT old.status OR new.updated_at IS NOT old.updated_at BEGIN "
        + _UPSERT.format(new="new") + "; END",
    ],
    sqlite_uninstall=[
        "DROP TRIGGER IF EXISTS desk_ticket_mirror_update",
        "DROP TRIGGER IF EXISTS desk_ticket_mirror_insert",
    ],
    postgresql_install=[
        "CREATE FUNCTION desk_ticket_mirror() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        + _UPSERT.format(new="NEW") + "; RETURN NULL; END $$",
        "CREATE TRIGGER desk_ticket_mirror_insert AFTER INSERT ON requests_request"
        " FOR EACH ROW EXECUTE FUNCTION desk_ticket_mirror()",
        "CREATE TRIGGER desk_ticket_mirror_update AFTER UPDATE OF status, updated_at ON requests_request"
        " FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.updated_at IS DISTINCT FROM NEW.updated_at)"
        " EXECUTE FUNCTION desk_ticket_mirror()",
    ],
    postgresql_uninstall=[
        "DROP TRIGGER IF EXISTS desk_ticket_mirror_update ON requests_request",
        "DROP TRIGGER IF EXISTS desk_ticket_mirror_insert ON requests_request",
        "DROP FUNCTION IF EXISTS desk_ticket_mirror()",
    ],
)

#: The rows of requests that have none yet, then the copies of those that had one.
_FILL_MISSING = ("INSERT INTO desk_ticket (request_id, assignee_id, version, updated_at, status, activity_at)"
                 " SELECT r.id, NULL, 0, r.updated_at, r.status, r.updated_at FROM requests_request r"
                 " WHERE r.id > :low AND r.id <= :high"
                 " AND NOT EXISTS (SELECT 1 FROM desk_ticket t WHERE t.request_id = r.id)")
_COPY = ("UPDATE desk_ticket SET status = r.status, activity_at = r.updated_at FROM requests_request r"
         " WHERE r.id = desk_ticket.request_id AND desk_ticket.request_id > :low AND desk_ticket.request_id <= :high")


def install(connection, batch: int | None = None) -> None:
    """Create the triggers, then give every existing request its row and copies,
    ``batch`` (default :data:`BACKFILL_BATCH`) ids a statement.

    The triggers come first: in the migration's transaction nothing else
    writes requests meanwhile on PostgreSQL (creating a trigger locks the
    table against writes), and on SQLite writers wait anyway.
    """
    batch = batch or BACKFILL_BATCH
    TRIGGERS.install(connection)
    highest = connection.execute(sa.text("SELECT coalesce(max(id), 0) FROM requests_request")).scalar()
    for low in range(0, highest, batch):
        bounds = {"low": low, "high": low + batch}
        connection.execute(sa.text(_COPY), bounds)
        connection.execute(sa.text(_FILL_MISSING), bounds)


uninstall = TRIGGERS.uninstall


def upsert_statement(dialect_name: str, table, keep: tuple[str, ...]):
    """``INSERT`` of desk rows that updates the columns ``keep`` of a row that exists.

    The trigger has usually created the row already (with the copies);
    the rows given must carry every column, copies included, for the
    case it has not.
    """
    if dialect_name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    elif dialect_name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        raise api.UnsupportedDatabase(f"no desk rows for the {dialect_name!r} database")
    stmt = insert(table)
    return stmt.on_conflict_do_update(index_elements=["request_id"],
                                      set_={name: stmt.excluded[name] for name in keep})
