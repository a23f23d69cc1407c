"""A full-text index of the requests' search documents, for the staff queue's word search;
an index of each request's status by id, for counting a set of requests by status.

FTS5 on SQLite, a ``tsvector`` column with a GIN index on PostgreSQL
(:mod:`cc_requests.fulltext`); the documents already there are indexed
in batches of ``BACKFILL_BATCH`` rows.

Revision ID: cc_requests_0003
"""
from alembic import op

from cc_requests import fulltext

revision = "cc_requests_0003"
down_revision = "cc_requests_0002"
branch_labels = None
depends_on = None


def upgrade():
    fulltext.install(op.get_bind())
    op.create_index("ix_requests_request_id_status", "requests_request", ["id", "status"])
    op.execute("ANALYZE requests_request")


def downgrade():
    op.drop_index("ix_requests_request_id_status", table_name="requests_request")
    fulltext.uninstall(op.get_bind())
