"""The core's migration branch creates exactly what the core's models describe."""
from cc_core.testing import schema_differences


def test_core_models_and_migrations_agree(dbsession):
    assert schema_differences(dbsession.connection(), "cc_") == []
