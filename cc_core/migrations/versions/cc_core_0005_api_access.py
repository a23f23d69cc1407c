"""The JSON API: personal access tokens and idempotent post results.

Revision ID: cc_core_0005
"""
import sqlalchemy as sa
from alembic import op

from cc_core.db import UTCDateTime

revision = "cc_core_0005"
down_revision = "cc_core_0004"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "cc_api_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("scope", sa.String(20), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.Column("last_used_at", UTCDateTime(), nullable=True),
        sa.Column("revoked_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["person_id"], ["cc_person.id"], name=op.f("fk_cc_api_token_person_id_cc_person"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cc_api_token")),
        sa.UniqueConstraint("digest", name=op.f("uq_cc_api_token_digest")),
    )
    op.create_index(op.f("ix_cc_api_token_person_id"), "cc_api_token", ["person_id"])
    op.create_table(
        "cc_api_idempotency",
        sa.Column("owner", sa.String(40), nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("route", sa.String(2000), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("location", sa.String(2000), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("owner", "key", name=op.f("pk_cc_api_idempotency")),
    )
    op.create_index(op.f("ix_cc_api_idempotency_created_at"), "cc_api_idempotency", ["created_at"])


def downgrade():
    op.drop_table("cc_api_idempotency")
    op.drop_table("cc_api_token")
