"""The desk's migration branch creates exactly what its models describe, after the requests tables."""
import importlib.util
import pathlib

import pytest
import sqlalchemy as sa

import cc_desk
from cc_core import api
from cc_core.testing import schema_differences

pytestmark = pytest.mark.cc_plugins("desk", "requests")


def test_models_and_migration_agree(dbsession):
    assert schema_differences(dbsession.connection(), "desk_") == []


def test_the_queue_finds_the_index_it_walks(dbsession):
    inspector = sa.inspect(dbsession.connection())
    indexes = {index["name"]: index["column_names"] for index in inspector.get_indexes("requests_request")}
    assert indexes["ix_requests_request_status_updated"] == ["status", "updated_at", "id"]
    desk = {index["name"]: index["column_names"] for index in inspector.get_indexes("desk_ticket")}
    assert desk["ix_desk_ticket_assignee_status_activity"] == ["assignee_id", "status", "activity_at", "request_id"]
    assert desk["ix_desk_ticket_unassigned_status_activity"] == ["status", "activity_at", "request_id"]
    assert desk["ix_desk_ticket_assigned"] == ["request_id"]


def test_the_branch_is_labelled_and_depends_on_the_core_and_the_requests():
    path = pathlib.Path(cc_desk.__file__).parent / "migrations" / "versions" / "cc_desk_0001_tickets.py"
    spec = importlib.util.spec_from_file_location("cc_desk_0001", path)
    revision = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(revision)
    assert revision.revision == "cc_desk_0001" and revision.down_revision is None
    assert revision.branch_labels == ("cc_desk",)
    assert set(revision.depends_on) == {api.CORE_MIGRATION_BASE, "cc_requests_0001"}


def test_the_demo_gives_the_agent_requests_of_their_own(agent):
    from desk_testing import titles

    assert len(titles(agent.get("/desk", {"status": "all", "assignee": "me"}))) == 3
