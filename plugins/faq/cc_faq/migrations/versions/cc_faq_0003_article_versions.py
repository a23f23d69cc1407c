"""Articles in the other offered languages, their search index, and the index's words for spelling.

Revision ID: cc_faq_0003
"""
import sqlalchemy as sa
from alembic import op

from cc_core.api import UTCDateTime
from cc_faq import spelling, version_index

revision = "cc_faq_0003"
down_revision = "cc_faq_0002"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "faq_article_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(10), nullable=False),
        sa.Column("search_config", sa.String(40), nullable=False),
        sa.Column("question", sa.String(300), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("answer_text", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["faq_article.id"], ondelete="CASCADE",
                                name=op.f("fk_faq_article_version_article_id_faq_article")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_faq_article_version")),
        sa.UniqueConstraint("article_id", "language", name="uq_faq_article_version_language"),
    )
    bind = op.get_bind()
    version_index.SCRIPT.install(bind)
    spelling.SCRIPT.install(bind)


def downgrade():
    bind = op.get_bind()
    spelling.SCRIPT.uninstall(bind)
    version_index.SCRIPT.uninstall(bind)
    op.drop_table("faq_article_version")
