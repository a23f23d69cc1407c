"""The inbound mail ledger: one row per handled Message-ID.

Revision ID: cc_core_0004
"""
import sqlalchemy as sa
from alembic import op

from cc_core.db import UTCDateTime

revision = "cc_core_0004"
down_revision = "cc_core_0003"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "cc_inbound_mail",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.String(300), nullable=False),
        sa.Column("sender", sa.String(320), nullable=False),
        sa.Column("outcome", sa.String(60), nullable=False),
        sa.Column("received_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cc_inbound_mail")),
        sa.UniqueConstraint("message_id", name=op.f("uq_cc_inbound_mail_message_id")),
    )
    op.create_index("ix_cc_inbound_mail_sender_received_at", "cc_inbound_mail", ["sender", "received_at"])


def downgrade():
    op.drop_index("ix_cc_inbound_mail_sender_received_at", table_name="cc_inbound_mail")
    op.drop_table("cc_inbound_mail")
