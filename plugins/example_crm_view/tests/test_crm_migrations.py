"""The plugin's migration branch builds exactly the tables its models describe."""
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from cc_core import api

import cc_example_crm_view.models  # noqa: F401 - registers the tables on api.Base

pytestmark = pytest.mark.cc_plugins("example_crm_view")
PREFIX = "example_crm_view_"


def _table_of(diff) -> str:
    """The table a diff entry from alembic's comparison is about."""
    if isinstance(diff, list):  # column modifications come grouped
        return _table_of(diff[0])
    for item in diff[1:]:
        name = getattr(item, "name", None) if not isinstance(item, str) else None
        table = getattr(item, "table", None)
        if table is not None:
            return table.name
        if isinstance(item, str) and item.startswith(PREFIX):
            return item
        if name and name.startswith(PREFIX):
            return name
    return ""


def test_the_migrated_schema_matches_the_models(dbengine):
    with dbengine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diffs = compare_metadata(context, api.Base.metadata)
    ours = [diff for diff in diffs if _table_of(diff).startswith(PREFIX)]
    assert ours == []


def test_the_branch_is_labelled_and_depends_on_the_core(dbengine):
    from cc_example_crm_view.plugin import cc_migration_locations

    assert cc_migration_locations() == ["cc_example_crm_view:migrations/versions"]
    with dbengine.connect() as connection:
        heads = set(MigrationContext.configure(connection).get_current_heads())
    assert "cc_example_crm_view_0001" in heads
    with dbengine.connect() as connection:
        tables = set(dbengine.dialect.get_table_names(connection))
    assert {"example_crm_view_record", "example_crm_view_change"} <= tables
