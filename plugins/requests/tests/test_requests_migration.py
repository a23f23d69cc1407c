"""The migration branch creates exactly what the models describe."""
import pytest
import sqlalchemy as sa

from cc_core.testing import schema_differences

pytestmark = pytest.mark.cc_plugins("requests")


def test_models_and_migration_agree(dbsession):
    from cc_requests.fulltext import SEARCH_OBJECTS

    differences = schema_differences(dbsession.connection(), "requests_")
    # The full-text index lives outside the models on purpose (see cc_requests.fulltext).
    assert [diff for diff in differences if diff[2] not in SEARCH_OBJECTS] == []


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
