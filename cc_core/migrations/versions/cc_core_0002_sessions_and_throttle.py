"""Revoked session ids (logout ends the session on the server) and login throttle counters.

Revision ID: cc_core_0002
Revises: cc_core_0001
"""
import sqlalchemy as sa
from alembic import op

from cc_core.db import UTCDateTime

revision = "cc_core_0002"
down_revision = "cc_core_0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "cc_revoked_session",
        sa.Column("session_id", sa.String(64), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("session_id", name=op.f("pk_cc_revoked_session")),
    )
    op.create_index(op.f("ix_cc_revoked_session_expires_at"), "cc_revoked_session", ["expires_at"])
    op.create_table(
        "cc_login_counter",
        sa.Column("key", sa.String(400), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_cc_login_counter")),
    )
    op.create_index(op.f("ix_cc_login_counter_last_failure_at"), "cc_login_counter", ["last_failure_at"])
    # Failed logins were rows of cc_login_failure; nothing reads or trims those any more.
    op.execute("DELETE FROM cc_login_failure WHERE key LIKE 'account:%' OR key LIKE 'address:%'")


def downgrade():
    op.drop_table("cc_login_counter")
    op.drop_table("cc_revoked_session")
