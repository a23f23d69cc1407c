"""The job queue: jobs, worker registrations, recurring schedules.

Revision ID: cc_core_0003
"""
import sqlalchemy as sa
from alembic import op

from cc_core.db import UTCDateTime

revision = "cc_core_0003"
down_revision = "cc_core_0002"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "cc_job",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("max_attempts", sa.Integer(), nullable=False),
        sa.Column("run_at", UTCDateTime(), nullable=False),
        sa.Column("locked_by", sa.String(200), nullable=True),
        sa.Column("locked_until", UTCDateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("finished_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cc_job")),
    )
    op.create_index("ix_cc_job_state_run_at", "cc_job", ["state", "run_at"])
    op.create_table(
        "cc_worker",
        sa.Column("id", sa.String(200), nullable=False),
        sa.Column("hostname", sa.String(200), nullable=False),
        sa.Column("pid", sa.Integer(), nullable=False),
        sa.Column("started_at", UTCDateTime(), nullable=False),
        sa.Column("heartbeat_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cc_worker")),
    )
    op.create_table(
        "cc_recurring_run",
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("next_run_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_cc_recurring_run")),
    )


def downgrade():
    for table in ("cc_recurring_run", "cc_worker", "cc_job"):
        op.drop_table(table)
