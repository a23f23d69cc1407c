"""The migration creates exactly what the models describe, plus the search index."""
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from cc_core import api
from cc_faq import dialects

pytestmark = pytest.mark.cc_plugins("faq")


def describe(diff) -> tuple[str, str]:
    """(table, object) a difference reported by Alembic is about."""
    if isinstance(diff, list):  # modify_* differences come grouped per column
        diff = diff[0]
    kind = diff[0]
    if kind in ("add_table", "remove_table"):
        return diff[1].name, diff[1].name
    if kind in ("add_column", "remove_column"):
        return diff[2], diff[3].name
    if kind.startswith("modify_"):
        return diff[2], diff[3]
    return diff[1].table.name, diff[1].name  # indexes, constraints, foreign keys


def test_models_and_migration_agree(dbsession):
    context = MigrationContext.configure(dbsession.connection(), opts={"compare_type": True})
    differences = [describe(diff) for diff in compare_metadata(context, api.Base.metadata)]
    faq = [(table, name) for table, name in differences if table.startswith("faq_")]
    # The search index lives outside the models on purpose (see cc_faq.dialects).
    assert [item for item in faq if item[1] not in dialects.SEARCH_OBJECTS] == []


def test_the_search_index_exists_for_this_database(dbsession):
    inspector = sa.inspect(dbsession.connection())
    if dbsession.get_bind().dialect.name == "sqlite":
        assert "faq_article_fts" in inspector.get_table_names()
    else:
        assert "search_vector" in {column["name"] for column in inspector.get_columns("faq_article")}
        assert "ix_faq_article_search_vector" in {index["name"] for index in inspector.get_indexes("faq_article")}
