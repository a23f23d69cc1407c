"""The plugin's migration branch builds exactly the tables its models describe."""
import pytest
from alembic.migration import MigrationContext

from cc_core.testing import schema_differences

import cc_example_crm_view.models  # noqa: F401 - registers the tables on api.Base

pytestmark = pytest.mark.cc_plugins("example_crm_view")
PREFIX = "example_crm_view_"


def test_the_migrated_schema_matches_the_models(dbengine):
    with dbengine.connect() as connection:
        assert schema_differences(connection, PREFIX) == []


def test_the_branch_is_labelled_and_depends_on_the_core(dbengine):
    from cc_example_crm_view.plugin import cc_migration_locations

    assert cc_migration_locations() == ["cc_example_crm_view:migrations/versions"]
    with dbengine.connect() as connection:
        heads = set(MigrationContext.configure(connection).get_current_heads())
    assert "cc_example_crm_view_0001" in heads
    with dbengine.connect() as connection:
        tables = set(dbengine.dialect.get_table_names(connection))
    assert {"example_crm_view_record", "example_crm_view_change"} <= tables
