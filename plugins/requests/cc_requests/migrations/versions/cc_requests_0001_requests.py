"""Requests tables: categories, priorities, requests, messages, attachments, search documents.

Revision ID: cc_requests_0001
"""
import sqlalchemy as sa
from alembic import op

from cc_core.api import UTCDateTime

revision = "cc_requests_0001"
down_revision = None
branch_labels = ("cc_requests",)
depends_on = "cc_core_0001"


def upgrade():
    op.create_table(
        "requests_category",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("names", sa.JSON(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["parent_id"], ["requests_category.id"], ondelete="SET NULL",
                                name=op.f("fk_requests_category_parent_id_requests_category")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_requests_category")),
    )
    op.create_index("ix_requests_category_active_position", "requests_category", ["active", "position"])
    op.create_index(op.f("ix_requests_category_parent_id"), "requests_category", ["parent_id"])

    op.create_table(
        "requests_priority",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("names", sa.JSON(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("customer_selectable", sa.Boolean(), nullable=False),
        sa.Column("is_default", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_requests_priority")),
    )

    op.create_table(
        "requests_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=True),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=True),
        sa.Column("priority_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("is_open", sa.Boolean(), nullable=False),
        sa.Column("custom_values", sa.JSON(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("closed_at", UTCDateTime(), nullable=True),
        sa.Column("rating", sa.SmallInteger(), nullable=True),
        sa.Column("rating_comment", sa.Text(), nullable=False),
        sa.Column("rated_at", UTCDateTime(), nullable=True),
        sa.CheckConstraint("status IN ('open', 'waiting', 'closed')", name=op.f("ck_requests_request_status")),
        sa.CheckConstraint("rating IS NULL OR (rating BETWEEN 1 AND 5)", name=op.f("ck_requests_request_rating")),
        sa.ForeignKeyConstraint(["category_id"], ["requests_category.id"], ondelete="SET NULL",
                                name=op.f("fk_requests_request_category_id_requests_category")),
        sa.ForeignKeyConstraint(["company_id"], ["cc_company.id"], ondelete="SET NULL",
                                name=op.f("fk_requests_request_company_id_cc_company")),
        sa.ForeignKeyConstraint(["owner_id"], ["cc_person.id"], name=op.f("fk_requests_request_owner_id_cc_person")),
        sa.ForeignKeyConstraint(["priority_id"], ["requests_priority.id"], ondelete="SET NULL",
                                name=op.f("fk_requests_request_priority_id_requests_priority")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_requests_request")),
    )
    op.create_index(op.f("ix_requests_request_category_id"), "requests_request", ["category_id"])
    op.create_index(op.f("ix_requests_request_priority_id"), "requests_request", ["priority_id"])
    # The list filters on owner or company and open/closed, sorted by the last update.
    op.create_index("ix_requests_request_owner_open_updated", "requests_request",
                    ["owner_id", "is_open", "updated_at", "id"])
    op.create_index("ix_requests_request_company_open_updated", "requests_request",
                    ["company_id", "is_open", "updated_at", "id"])
    op.create_index("ix_requests_request_owner_updated", "requests_request", ["owner_id", "updated_at", "id"])
    op.create_index("ix_requests_request_company_updated", "requests_request", ["company_id", "updated_at", "id"])
    op.create_index("ix_requests_request_status_updated", "requests_request", ["status", "updated_at", "id"])

    op.create_table(
        "requests_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("is_external", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["author_id"], ["cc_person.id"], ondelete="SET NULL",
                                name=op.f("fk_requests_message_author_id_cc_person")),
        sa.ForeignKeyConstraint(["request_id"], ["requests_request.id"], ondelete="CASCADE",
                                name=op.f("fk_requests_message_request_id_requests_request")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_requests_message")),
    )
    op.create_index(op.f("ix_requests_message_author_id"), "requests_message", ["author_id"])
    op.create_index("ix_requests_message_request_external", "requests_message", ["request_id", "is_external", "id"])

    op.create_table(
        "requests_search",
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["request_id"], ["requests_request.id"], ondelete="CASCADE",
                                name=op.f("fk_requests_search_request_id_requests_request")),
        sa.PrimaryKeyConstraint("request_id", name=op.f("pk_requests_search")),
    )

    op.create_table(
        "requests_attachment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(255), nullable=False),
        sa.Column("content_type", sa.String(100), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("storage_key", sa.String(200), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["message_id"], ["requests_message.id"], ondelete="CASCADE",
                                name=op.f("fk_requests_attachment_message_id_requests_message")),
        sa.ForeignKeyConstraint(["request_id"], ["requests_request.id"], ondelete="CASCADE",
                                name=op.f("fk_requests_attachment_request_id_requests_request")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_requests_attachment")),
    )
    op.create_index(op.f("ix_requests_attachment_message_id"), "requests_attachment", ["message_id"])
    op.create_index(op.f("ix_requests_attachment_request_id"), "requests_attachment", ["request_id"])


def downgrade():
    op.drop_table("requests_attachment")
    op.drop_table("requests_search")
    op.drop_table("requests_message")
    op.drop_table("requests_request")
    op.drop_table("requests_priority")
    op.drop_table("requests_category")
