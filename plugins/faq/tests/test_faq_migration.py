"""The migration creates exactly what the models describe, plus the search index."""
import pytest
import sqlalchemy as sa

from cc_core.testing import schema_differences
from cc_faq import dialects

pytestmark = pytest.mark.cc_plugins("faq")


def test_models_and_migration_agree(dbsession):
    differences = schema_differences(dbsession.connection(), "faq_")
    # The search index lives outside the models on purpose (see cc_faq.dialects).
    assert [diff for diff in differences if diff[2] not in dialects.SEARCH_OBJECTS] == []


def test_the_search_index_exists_for_this_database(dbsession):
    inspector = sa.inspect(dbsession.connection())
    if dbsession.get_bind().dialect.name == "sqlite":
        assert "faq_article_fts" in inspector.get_table_names()
    else:
        assert "search_vector" in {column["name"] for column in inspector.get_columns("faq_article")}
        assert "ix_faq_article_search_vector" in {index["name"] for index in inspector.get_indexes("faq_article")}
