"""The recurring ``cc.mail.fetch`` job: the worker reads the mailbox every ``mail.inbound.interval`` s."""
from __future__ import annotations

from ..jobs.registry import JobHandler, RecurringJob
from .imap import MailboxError, fetch

FETCH_JOB = "cc.mail.fetch"
DEFAULT_INTERVAL = 60


def run_fetch(job) -> None:
    """Fetch the mailbox; a mailbox that cannot be reached raises, so the run is retried and shown failed."""
    # Messages that fail are in the failed folder with their reasons
    # logged: the job itself did its work.
    fetch(job.pyramid_registry())


FETCH_HANDLER = JobHandler(name=FETCH_JOB, run=run_fetch, max_attempts=3, uses_database=False)


def fetch_schedule(settings) -> list[RecurringJob]:
    """Every ``mail.inbound.interval`` seconds when a mailbox is configured, else never."""
    configured = bool(str(settings.get("mail.inbound.imap.host") or "").strip())
    every = float(settings.get("mail.inbound.interval") or DEFAULT_INTERVAL) if configured else 0
    return [RecurringJob(name=FETCH_JOB, every_seconds=every)]


__all__ = ["FETCH_JOB", "FETCH_HANDLER", "fetch_schedule", "MailboxError"]
