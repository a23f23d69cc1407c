"""Core tables: companies, persons, login throttle, form tokens, used links.

Revision ID: cc_core_0001
"""
import sqlalchemy as sa
from alembic import op

from cc_core.db import UTCDateTime

revision = "cc_core_0001"
down_revision = None
branch_labels = ("cc_core",)
depends_on = None


def upgrade():
    op.create_table(
        "cc_company",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("org_number", sa.String(40), nullable=False),
        sa.Column("address", sa.String(200), nullable=False),
        sa.Column("postcode", sa.String(20), nullable=False),
        sa.Column("city", sa.String(100), nullable=False),
        sa.Column("country", sa.String(100), nullable=False),
        sa.Column("phone", sa.String(40), nullable=False),
        sa.Column("website", sa.String(200), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cc_company")),
    )
    op.create_table(
        "cc_person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=True),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("phone", sa.String(40), nullable=False),
        sa.Column("mobile", sa.String(40), nullable=False),
        sa.Column("language", sa.String(10), nullable=False),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("company_access", sa.Boolean(), nullable=False),
        sa.Column("is_manager", sa.Boolean(), nullable=False),
        sa.Column("is_staff", sa.Boolean(), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("email_confirmed", sa.Boolean(), nullable=False),
        sa.Column("session_version", sa.Integer(), nullable=False),
        sa.Column("preferences", sa.JSON(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("last_login_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["company_id"], ["cc_company.id"],
                                name=op.f("fk_cc_person_company_id_cc_company")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cc_person")),
        sa.UniqueConstraint("email", name=op.f("uq_cc_person_email")),
    )
    op.create_index(op.f("ix_cc_person_company_id"), "cc_person", ["company_id"])
    op.create_table(
        "cc_login_failure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(300), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cc_login_failure")),
    )
    op.create_index("ix_cc_login_failure_key_at", "cc_login_failure", ["key", "created_at"])
    op.create_table(
        "cc_form_submission",
        sa.Column("token", sa.String(64), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("result_url", sa.String(2000), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("token", name=op.f("pk_cc_form_submission")),
    )
    op.create_index(op.f("ix_cc_form_submission_created_at"), "cc_form_submission", ["created_at"])
    op.create_table(
        "cc_used_token",
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("used_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("digest", name=op.f("pk_cc_used_token")),
    )
    op.create_index(op.f("ix_cc_used_token_used_at"), "cc_used_token", ["used_at"])


def downgrade():
    for table in ("cc_used_token", "cc_form_submission", "cc_login_failure", "cc_person", "cc_company"):
        op.drop_table(table)
