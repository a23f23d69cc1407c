"""The hello plugin's only table.

Revision ID: cc_test_hello_0001
"""
import sqlalchemy as sa
from alembic import op

revision = "cc_test_hello_0001"
down_revision = None
branch_labels = ("cc_test_hello",)
depends_on = "cc_core_0001"


def upgrade():
    op.create_table("hello_greeting",
                    sa.Column("id", sa.Integer(), nullable=False),
                    sa.Column("text", sa.String(100), nullable=False),
                    sa.PrimaryKeyConstraint("id", name=op.f("pk_hello_greeting")))


def downgrade():
    op.drop_table("hello_greeting")
