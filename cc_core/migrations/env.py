"""Alembic environment shared by the core and every plugin's branch.

The connection and the version folders come from ``cc_core.migrate``; this
file is not run through ``alembic.ini``.
"""
from alembic import context

from cc_core.db import Base

config = context.config
connection = config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    # SQLite cannot ALTER most things; batch mode rebuilds tables instead.
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
    # cc_core.migrate collects the revisions applied, for ``cc upgrade`` to report.
    on_version_apply=config.attributes.get("on_version_apply"),
)
with context.begin_transaction():
    context.run_migrations()
