"""Running queued jobs inside a test's transaction (the ``run_jobs`` fixture).

Functional tests share one connection whose work is rolled back at the
end, so a separate ``cc worker`` would never see their jobs.  This runs
the same claim, handler and settle code on that connection, in the test's
thread, as ``cc worker --once`` would.
"""
from __future__ import annotations

import dataclasses

import pytest


def job_runner(app, connection):
    from ..jobs.worker import Worker

    def run_jobs(**settings) -> int:
        """Run every due job; ``settings`` override the app's for the handlers (``mail.port``, say)."""
        registry = app.registry["cc.jobs"]
        if settings:
            registry = dataclasses.replace(registry, settings={**registry.settings, **settings})
        return Worker(connection, registry).drain()

    return run_jobs


@pytest.fixture
def run_jobs(app, dbconnection):
    """``run_jobs(**settings)`` runs the jobs queued in the test's transaction; returns how many ran."""
    return job_runner(app, dbconnection)
