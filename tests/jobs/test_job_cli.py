"""``cc jobs`` shows the queue; ``cc jobs retry`` queues failures again."""
import datetime as dt

import sqlalchemy as sa

from cc_core.db import utcnow
from cc_core.jobs.models import AVAILABLE, FAILED, Job


def test_cc_jobs_counts_by_state_and_the_oldest_due_age_then_retry(jobs):
    jobs.enqueue_mails(2)
    with jobs.engine.begin() as connection:
        connection.execute(sa.update(Job).values(run_at=utcnow() - dt.timedelta(seconds=90)))
        connection.execute(sa.insert(Job).values(name="cc.mail", payload={}, state=FAILED, attempts=10,
                                                 max_attempts=10, run_at=utcnow(), last_error="550",
                                                 created_at=utcnow(), finished_at=utcnow()))
    result = jobs.cli("jobs")
    assert result.returncode == 0, result.stderr
    lines = dict(line.rsplit(None, 1) if not line.startswith("oldest") else ("oldest due", line.split()[2])
                 for line in result.stdout.splitlines())
    assert (lines["available"], lines["running"], lines["failed"], lines["due now"]) == ("2", "0", "1", "2")
    assert 90 <= float(lines["oldest due"]) < 150
    assert "1 jobs queued again" in jobs.cli("jobs", "retry", "--failed").stdout
    assert [row.state for row in jobs.jobs()] == [AVAILABLE] * 3
