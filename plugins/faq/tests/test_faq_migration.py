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


def _search_index_columns(engine) -> list:
    """The columns (or expressions) of the articles' GIN index on PostgreSQL; [] on SQLite."""
    if engine.dialect.name != "postgresql":
        return []
    with engine.connect() as connection:
        return connection.exec_driver_sql(
            "SELECT pg_get_indexdef(i.indexrelid, k, true) FROM pg_index i, pg_class c,"
            " generate_series(1, i.indnatts) k WHERE c.oid = i.indexrelid"
            " AND c.relname = 'ix_faq_article_search_vector' ORDER BY k").scalars().all()


def _found(engine, word: str) -> list[int]:
    from sqlalchemy.orm import Session

    from cc_faq.search import search

    with Session(engine) as dbsession:
        return [hit.id for hit in search(dbsession, word, 0).hits]


def test_the_search_blocks_migration_goes_down_and_up(cc_base_settings, tmp_path):
    """cc_faq_0004 adds the block of ids and the access level to the GIN index (PostgreSQL), and takes them away."""
    from cc_core import testing
    from cc_faq import service

    database = testing.TestDatabase(str(tmp_path), "faqblocks")
    settings = {**cc_base_settings, "sqlalchemy.url": database.url}
    engine = testing.prepare_database(settings, database.url, names=("faq",))
    try:
        from sqlalchemy.orm import Session

        with Session(engine) as dbsession, dbsession.begin():
            folder = service.create_folder(dbsession, "Blocks")
            article_id = service.create_article(dbsession, folder, "Where is the quokka?", "In the garden.").id
        postgresql = engine.dialect.name == "postgresql"
        with_blocks = ["(search_vector || array_to_tsvector(ARRAY['~b'::text || ((id / "
                       f"{dialects.BLOCK_ROWS})::text), '~l'::text || access_level::text]))"]
        assert _search_index_columns(engine) == (with_blocks if postgresql else [])
        testing.downgrade_to(engine, settings, ("faq",), "cc_faq_0003")
        assert _search_index_columns(engine) == (["search_vector"] if postgresql else [])
        assert _found(engine, "quokka") == [article_id]
        testing.upgrade_to_heads(engine, settings, ("faq",))
        assert _search_index_columns(engine) == (with_blocks if postgresql else [])
        assert _found(engine, "quokka") == [article_id]
    finally:
        engine.dispose()
        database.drop()
