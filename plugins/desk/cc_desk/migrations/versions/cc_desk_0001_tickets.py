"""The desk's tables: assignee and edit version per request, history of changes.

Revision ID: cc_desk_0001
"""
import sqlalchemy as sa
from alembic import op

from cc_core.api import UTCDateTime

revision = "cc_desk_0001"
down_revision = None
branch_labels = ("cc_desk",)
# The tables refer to the requests plugin's requests.
depends_on = ("cc_core_0001", "cc_requests_0001")


def upgrade():
    op.create_table(
        "desk_ticket",
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("assignee_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["request_id"], ["requests_request.id"], ondelete="CASCADE",
                                name=op.f("fk_desk_ticket_request_id_requests_request")),
        sa.ForeignKeyConstraint(["assignee_id"], ["cc_person.id"],
                                name=op.f("fk_desk_ticket_assignee_id_cc_person")),
        sa.PrimaryKeyConstraint("request_id", name=op.f("pk_desk_ticket")),
    )
    op.create_index("ix_desk_ticket_assignee_id", "desk_ticket", ["assignee_id"])
    op.create_table(
        "desk_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("field", sa.String(20), nullable=False),
        sa.Column("old_value", sa.String(500), nullable=False),
        sa.Column("new_value", sa.String(500), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["request_id"], ["requests_request.id"], ondelete="CASCADE",
                                name=op.f("fk_desk_history_request_id_requests_request")),
        sa.ForeignKeyConstraint(["person_id"], ["cc_person.id"], name=op.f("fk_desk_history_person_id_cc_person")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_desk_history")),
    )
    op.create_index("ix_desk_history_request_id_created_at", "desk_history", ["request_id", "created_at"])


def downgrade():
    op.drop_index("ix_desk_history_request_id_created_at", table_name="desk_history")
    op.drop_table("desk_history")
    op.drop_index("ix_desk_ticket_assignee_id", table_name="desk_ticket")
    op.drop_table("desk_ticket")
