"""The single sign-on plugin's table: linked identities.

Revision ID: cc_oidc_0001
"""
import sqlalchemy as sa
from alembic import op

from cc_core.api import UTCDateTime

revision = "cc_oidc_0001"
down_revision = None
branch_labels = ("cc_oidc",)
depends_on = "cc_core_0001"


def upgrade():
    op.create_table(
        "oidc_identity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("provider", sa.String(40), nullable=False),
        sa.Column("issuer", sa.String(255), nullable=False),
        sa.Column("subject", sa.String(255), nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("last_login_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["person_id"], ["cc_person.id"], ondelete="CASCADE",
                                name=op.f("fk_oidc_identity_person_id_cc_person")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_oidc_identity")),
        sa.UniqueConstraint("issuer", "subject", name="uq_oidc_identity_issuer_subject"),
    )
    op.create_index(op.f("ix_oidc_identity_person_id"), "oidc_identity", ["person_id"])


def downgrade():
    op.drop_index(op.f("ix_oidc_identity_person_id"), table_name="oidc_identity")
    op.drop_table("oidc_identity")
