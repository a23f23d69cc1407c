"""The migration branch creates exactly what the models describe."""
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from cc_core import api

pytestmark = pytest.mark.cc_plugins("requests")


def table_of(diff) -> str:
    if isinstance(diff, list):  # modify_* differences come grouped per column
        diff = diff[0]
    kind = diff[0]
    if kind in ("add_table", "remove_table"):
        return diff[1].name
    if kind in ("add_column", "remove_column") or kind.startswith("modify_"):
        return diff[2]
    return diff[1].table.name  # indexes, constraints, foreign keys


def test_models_and_migration_agree(dbsession):
    context = MigrationContext.configure(dbsession.connection(), opts={"compare_type": True})
    differences = [diff for diff in compare_metadata(context, api.Base.metadata)
                   if table_of(diff).startswith("requests_")]
    assert differences == []


def test_the_list_indexes_exist(dbsession):
    inspector = sa.inspect(dbsession.connection())
    indexes = {index["name"]: index["column_names"] for index in inspector.get_indexes("requests_request")}
    assert indexes["ix_requests_request_owner_open_updated"] == ["owner_id", "is_open", "updated_at", "id"]
    assert indexes["ix_requests_request_company_open_updated"] == ["company_id", "is_open", "updated_at", "id"]


def test_the_branch_is_labelled_and_depends_on_the_core():
    import importlib.util
    import pathlib

    import cc_requests

    path = pathlib.Path(cc_requests.__file__).parent / "migrations" / "versions" / "cc_requests_0001_requests.py"
    spec = importlib.util.spec_from_file_location("cc_requests_0001", path)
    revision = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(revision)
    assert revision.revision == "cc_requests_0001" and revision.down_revision is None
    assert revision.branch_labels == ("cc_requests",) and revision.depends_on == "cc_core_0001"
