"""Every request's desk row, with copies of the request's status and last activity.

Adds ``status`` and ``activity_at`` to ``desk_ticket``, the triggers that
keep them (:mod:`cc_desk.mirror`), a row for each request that had none
(filled in batches of ``BACKFILL_BATCH`` request ids) and the two partial
indexes the queue's "assigned to me" and "unassigned" pages walk.  The
first of those, on ``(assignee_id, status, activity_at, request_id)``,
replaces ``ix_desk_ticket_assignee_request (assignee_id, request_id)``:
on SQLite that index was also taken for ``assignee_id IS NULL`` (seven
rows in ten) instead of the partial index of the unassigned rows.  On
PostgreSQL run ``VACUUM ANALYZE desk_ticket`` after it on a large
database: the backfill rewrites each row, and until the table is vacuumed
the indexes cannot answer from themselves alone.

Revision ID: cc_desk_0003
"""
import sqlalchemy as sa
from alembic import op

from cc_core.api import UTCDateTime
from cc_desk import mirror
from cc_desk.models import EPOCH

revision = "cc_desk_0003"
down_revision = "cc_desk_0002"
branch_labels = None
depends_on = None

ASSIGNED = sa.text("assignee_id IS NOT NULL")
UNASSIGNED = sa.text("assignee_id IS NULL")


def upgrade():
    op.add_column("desk_ticket", sa.Column("status", sa.String(20), nullable=False, server_default=""))
    op.add_column("desk_ticket", sa.Column("activity_at", UTCDateTime(), nullable=False,
                                           server_default=sa.text(f"'{EPOCH}'")))
    mirror.install(op.get_bind())
    op.create_index("ix_desk_ticket_assignee_status_activity", "desk_ticket",
                    ["assignee_id", "status", "activity_at", "request_id"],
                    sqlite_where=ASSIGNED, postgresql_where=ASSIGNED)
    op.create_index("ix_desk_ticket_unassigned_status_activity", "desk_ticket",
                    ["status", "activity_at", "request_id"], sqlite_where=UNASSIGNED, postgresql_where=UNASSIGNED)
    op.drop_index("ix_desk_ticket_assignee_request", table_name="desk_ticket")
    op.execute("ANALYZE desk_ticket")


def downgrade():
    op.create_index("ix_desk_ticket_assignee_request", "desk_ticket", ["assignee_id", "request_id"])
    op.drop_index("ix_desk_ticket_unassigned_status_activity", table_name="desk_ticket")
    op.drop_index("ix_desk_ticket_assignee_status_activity", table_name="desk_ticket")
    mirror.uninstall(op.get_bind())
    # The rows the triggers and the backfill made for requests nobody touched: before, those had none.
    op.execute("DELETE FROM desk_ticket WHERE version = 0 AND assignee_id IS NULL")
    with op.batch_alter_table("desk_ticket") as batch:
        batch.drop_column("activity_at")
        batch.drop_column("status")
