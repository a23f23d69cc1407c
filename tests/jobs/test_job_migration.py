"""The job tables the migration creates are the ones the models describe."""
from cc_core.testing import schema_differences


def test_the_core_tables_match_their_models_after_the_jobs_migration(jobs):
    with jobs.engine.connect() as connection:
        differences = schema_differences(connection, "cc_")
    assert [d for d in differences if d[1] in ("cc_job", "cc_worker", "cc_recurring_run")] == []
    assert differences == []
