"""PostgreSQL: the full-text index also holds each article's block of ids and access level (``cc_faq.dialects``).

A search then finds the first matches of a common word in one block
instead of listing every article that has it, and the index leaves out
the articles the viewer may not see.  SQLite: nothing to do.

Revision ID: cc_faq_0004
"""
from alembic import op

from cc_faq import dialects

revision = "cc_faq_0004"
down_revision = "cc_faq_0003"
branch_labels = None
depends_on = None

#: The index as cc_faq_0001 to cc_faq_0003 made it.
PREVIOUS_INDEX = "CREATE INDEX ix_faq_article_search_vector ON faq_article USING gin (search_vector)"


def _replace_index(definition: str) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS ix_faq_article_search_vector")
    op.execute(definition)


def upgrade():
    _replace_index(dialects.SEARCH_VECTOR_INDEX)


def downgrade():
    _replace_index(PREVIOUS_INDEX)
