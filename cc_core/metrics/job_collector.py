"""Job queue gauges, read from the database when Prometheus scrapes.

The backlog lives in a table every worker and web process shares, so it is
asked at scrape time, once, rather than kept in per-process gauges that
would need adding up and could drift.  The query reads only due and
failed rows, through the ``(state, run_at)`` index.
"""
from __future__ import annotations

import datetime as dt
import logging

import sqlalchemy as sa
from prometheus_client.core import GaugeMetricFamily

from ..db import utcnow
from ..jobs.models import AVAILABLE, FAILED, Job

log = logging.getLogger(__name__)


def _aware(value):
    if value is not None and not isinstance(value, dt.datetime):   # SQLite's MIN() loses the column's type
        value = dt.datetime.fromisoformat(str(value))
    if value is not None and value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    return value


class JobQueueCollector:
    """Due jobs by kind, the oldest due job's wait, failed jobs by kind; ``cc_jobs_up`` 0 when unreadable."""

    def __init__(self, dbsession):
        self.dbsession = dbsession

    def collect(self):
        now = utcnow()
        due = GaugeMetricFamily("cc_jobs_due", "Jobs due now and not yet taken by a worker, by kind.",
                                labels=["kind"])
        failed = GaugeMetricFamily("cc_jobs_failed", "Jobs out of attempts or refused for good, by kind.",
                                   labels=["kind"])
        oldest = GaugeMetricFamily("cc_jobs_oldest_due_age_seconds",
                                   "Seconds the oldest due job has waited past its run_at (0 when none is due).")
        up = GaugeMetricFamily("cc_jobs_up", "1 when the job queue could be read for this scrape.")
        query = (sa.select(Job.state, Job.name, sa.func.count(), sa.func.min(Job.run_at))
                 .where(sa.or_(Job.state == FAILED, sa.and_(Job.state == AVAILABLE, Job.run_at <= now)))
                 .group_by(Job.state, Job.name))
        try:
            rows = self.dbsession.execute(query).all()
        except sa.exc.SQLAlchemyError as exc:
            log.warning("metrics: the job queue could not be read: %s", exc)
            up.add_metric([], 0)
            yield up
            return
        first_due = None
        for state, name, count, earliest in rows:
            if state == FAILED:
                failed.add_metric([name], count)
                continue
            due.add_metric([name], count)
            earliest = _aware(earliest)
            first_due = earliest if first_due is None or earliest < first_due else first_due
        oldest.add_metric([], round(max((now - first_due).total_seconds(), 0.0), 1) if first_due else 0.0)
        up.add_metric([], 1)
        yield from (due, failed, oldest, up)
