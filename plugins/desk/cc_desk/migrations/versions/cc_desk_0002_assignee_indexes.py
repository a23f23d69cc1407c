"""Indexes for the queue's "assigned to me" and "unassigned" filters at a million requests.

``ix_desk_ticket_assignee_request`` replaces the index on the assignee
alone: an agent's requests with their numbers, so counting them and
joining them to the requests needs no read of the desk rows.
``ix_desk_ticket_assigned`` holds the assigned requests only (a partial
index); "unassigned" asks it about each request it walks.

Revision ID: cc_desk_0002
"""
import sqlalchemy as sa
from alembic import op

revision = "cc_desk_0002"
down_revision = "cc_desk_0001"
branch_labels = None
depends_on = None

ASSIGNED = sa.text("assignee_id IS NOT NULL")


def upgrade():
    op.create_index("ix_desk_ticket_assignee_request", "desk_ticket", ["assignee_id", "request_id"])
    op.drop_index("ix_desk_ticket_assignee_id", table_name="desk_ticket")
    op.create_index("ix_desk_ticket_assigned", "desk_ticket", ["request_id"], sqlite_where=ASSIGNED,
                    postgresql_where=ASSIGNED)
    # Statistics for the new indexes, or SQLite weighs them blind (see cc_requests_0002).
    op.execute("ANALYZE desk_ticket")


def downgrade():
    op.drop_index("ix_desk_ticket_assigned", table_name="desk_ticket")
    op.create_index("ix_desk_ticket_assignee_id", "desk_ticket", ["assignee_id"])
    op.drop_index("ix_desk_ticket_assignee_request", table_name="desk_ticket")
