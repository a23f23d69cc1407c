"""FAQ tables: folders, articles, votes, and the full-text index.

Revision ID: cc_faq_0001
"""
import sqlalchemy as sa
from alembic import op

from cc_core.api import UTCDateTime
from cc_faq import dialects

revision = "cc_faq_0001"
down_revision = None
branch_labels = ("cc_faq",)
depends_on = "cc_core_0001"


def upgrade():
    op.create_table(
        "faq_folder",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("slug", sa.String(100), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("visibility", sa.String(20), nullable=False),
        sa.Column("access_level", sa.SmallInteger(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["parent_id"], ["faq_folder.id"], ondelete="CASCADE",
                                name=op.f("fk_faq_folder_parent_id_faq_folder")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_faq_folder")),
        sa.UniqueConstraint("parent_id", "slug", name="uq_faq_folder_parent_slug"),
    )
    op.create_index("ix_faq_folder_parent_position", "faq_folder", ["parent_id", "position"])
    op.create_table(
        "faq_article",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("folder_id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(100), nullable=False),
        sa.Column("question", sa.String(300), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("answer_text", sa.Text(), nullable=False),
        sa.Column("visibility", sa.String(20), nullable=False),
        sa.Column("access_level", sa.SmallInteger(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("view_count", sa.Integer(), nullable=False),
        sa.Column("helpful_yes", sa.Integer(), nullable=False),
        sa.Column("helpful_no", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["folder_id"], ["faq_folder.id"], ondelete="CASCADE",
                                name=op.f("fk_faq_article_folder_id_faq_folder")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_faq_article")),
        sa.UniqueConstraint("folder_id", "slug", name="uq_faq_article_folder_slug"),
    )
    op.create_index("ix_faq_article_folder_position", "faq_article", ["folder_id", "position"])
    op.create_index(op.f("ix_faq_article_view_count"), "faq_article", ["view_count"])
    op.create_index(op.f("ix_faq_article_updated_at"), "faq_article", ["updated_at"])
    op.create_table(
        "faq_vote",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("voter", sa.String(80), nullable=False),
        sa.Column("helpful", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["faq_article.id"], ondelete="CASCADE",
                                name=op.f("fk_faq_vote_article_id_faq_article")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_faq_vote")),
        sa.UniqueConstraint("article_id", "voter", name="uq_faq_vote_article_voter"),
    )
    dialects.install(op.get_bind())


def downgrade():
    dialects.uninstall(op.get_bind())
    op.drop_table("faq_vote")
    op.drop_table("faq_article")
    op.drop_table("faq_folder")
