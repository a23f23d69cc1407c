"""The example CRM view's tables: CRM records and the company change history.

Revision ID: cc_example_crm_view_0001
"""
import sqlalchemy as sa
from alembic import op

from cc_core.api import UTCDateTime

revision = "cc_example_crm_view_0001"
down_revision = None
branch_labels = ("cc_example_crm_view",)
depends_on = "cc_core_0001"


def upgrade():
    op.create_table(
        "example_crm_view_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(40), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("renewal_date", sa.Date(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["company_id"], ["cc_company.id"], ondelete="CASCADE",
                                name=op.f("fk_example_crm_view_record_company_id_cc_company")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_example_crm_view_record")),
        sa.UniqueConstraint("company_id", "reference", name="uq_example_crm_view_record_company_reference"),
    )
    for suffix, column in (("renewal", "renewal_date"), ("name", "name"), ("status", "status"), ("kind", "kind")):
        op.create_index(f"ix_example_crm_view_record_company_{suffix}", "example_crm_view_record",
                        ["company_id", column])
    op.create_table(
        "example_crm_view_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("author_name", sa.String(200), nullable=False),
        sa.Column("changed_at", UTCDateTime(), nullable=False),
        sa.Column("field", sa.String(40), nullable=False),
        sa.Column("old_value", sa.String(200), nullable=False),
        sa.Column("new_value", sa.String(200), nullable=False),
        sa.ForeignKeyConstraint(["company_id"], ["cc_company.id"], ondelete="CASCADE",
                                name=op.f("fk_example_crm_view_change_company_id_cc_company")),
        sa.ForeignKeyConstraint(["person_id"], ["cc_person.id"], ondelete="SET NULL",
                                name=op.f("fk_example_crm_view_change_person_id_cc_person")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_example_crm_view_change")),
    )
    op.create_index("ix_example_crm_view_change_company_version", "example_crm_view_change",
                    ["company_id", "version"])


def downgrade():
    op.drop_table("example_crm_view_change")
    op.drop_table("example_crm_view_record")
