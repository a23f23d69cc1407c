"""Rebuild the full-text index with its current definition (SQLite: prefix indexes).

Revision ID: cc_faq_0002
"""
from alembic import op

from cc_faq import dialects

revision = "cc_faq_0002"
down_revision = "cc_faq_0001"
branch_labels = None
depends_on = None


def upgrade():
    bind = op.get_bind()
    dialects.uninstall(bind)
    dialects.install(bind)


def downgrade():
    # The previous definition differs only in speed; keep the current one.
    pass
