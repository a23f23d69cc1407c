"""The JSON API: an idempotent post's answer remembers what was asked, so a key reused for another body is refused.

Revision ID: cc_core_0006
"""
import sqlalchemy as sa
from alembic import op

revision = "cc_core_0006"
down_revision = "cc_core_0005"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("cc_api_idempotency") as batch:
        batch.add_column(sa.Column("fingerprint", sa.String(64), nullable=False, server_default=""))


def downgrade():
    with op.batch_alter_table("cc_api_idempotency") as batch:
        batch.drop_column("fingerprint")
