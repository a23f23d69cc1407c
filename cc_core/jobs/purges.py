"""The core's housekeeping: rows that have outlived their purpose, deleted by recurring jobs.

Each purge is one small function over one table with its lifetime from a
setting, so a table that changes (the throttle's, say) changes one
function.  They run every ``cc.purge.every_seconds`` (default an hour).

| job | deletes | setting (default) |
|---|---|---|
| ``cc.purge.form_submissions`` | one-time form tokens | ``cc.purge.form_submission_seconds`` (2 days: a form's signed state lives one) |
| ``cc.purge.used_tokens`` | digests of used one-time links | ``cc.token_ttl`` (the link has expired by then) |
| ``cc.purge.login_failures`` | mail-flood throttle rows | the longer of ``cc.login.window_seconds`` and ``cc.account.window_seconds`` |
| ``cc.purge.login_counters`` | login throttle counters | ``cc.login.window_seconds`` past their last failure |
| ``cc.purge.revoked_sessions`` | ids of logged-out sessions | until the cookie would have expired anyway |
| ``cc.purge.failed_jobs`` | failed jobs | ``cc.jobs.failed_retention_days`` (30) |
| ``cc.purge.orphan_files`` | stored files no row names (``cc_referenced_files``) | ``cc.storage.orphan_grace_seconds`` (a day) |
| ``cc.purge.inbound_mail`` | the inbound mail ledger (Message-IDs handled) | ``mail.inbound.ledger_days`` (90) |
"""
from __future__ import annotations

import datetime as dt
import logging

import sqlalchemy as sa

from .. import counters, sessions
from ..db import utcnow
from ..login_throttle import Limits
from ..models import FormSubmission, LoginFailure, UsedToken
from ..tokens import token_ttl
from .models import FAILED, Job
from .registry import JobHandler, RecurringJob

log = logging.getLogger(__name__)

DEFAULT_EVERY_SECONDS = 3600
DEFAULT_FORM_SUBMISSION_SECONDS = 2 * 24 * 3600
DEFAULT_FAILED_RETENTION_DAYS = 30


def _before(seconds: float) -> dt.datetime:
    return utcnow() - dt.timedelta(seconds=seconds)


def purge_form_submissions(dbsession, settings: dict) -> int:
    seconds = float(settings.get("cc.purge.form_submission_seconds", DEFAULT_FORM_SUBMISSION_SECONDS))
    return dbsession.execute(sa.delete(FormSubmission).where(FormSubmission.created_at < _before(seconds))).rowcount


def purge_api_idempotency(dbsession, settings: dict) -> int:
    """Answers kept for ``Idempotency-Key`` retries, once retries are over (a day by default)."""
    from ..api_v1.idempotency import purge_idempotency

    seconds = float(settings.get("cc.api.idempotency_seconds", 86400))
    return purge_idempotency(dbsession, _before(seconds))


def purge_used_tokens(dbsession, settings: dict) -> int:
    return dbsession.execute(sa.delete(UsedToken).where(UsedToken.used_at < _before(token_ttl(settings)))).rowcount


def purge_login_failures(dbsession, settings: dict) -> int:
    """Throttle rows older than the longest window that still counts them."""
    seconds = max(int(settings.get("cc.login.window_seconds", 900)),
                  int(settings.get("cc.account.window_seconds", 3600)))
    return dbsession.execute(sa.delete(LoginFailure).where(LoginFailure.created_at < _before(seconds))).rowcount


def purge_login_counters(dbsession, settings: dict) -> int:
    """Login throttle counters whose last failure is a window old: they count as nothing."""
    return counters.purge_expired(dbsession, utcnow(), Limits.from_settings(settings).window)


def purge_revoked_sessions(dbsession, settings: dict) -> int:
    """Logged-out session ids whose cookies could no longer be accepted anyway."""
    return sessions.purge_expired(dbsession, utcnow())


def purge_failed_jobs(dbsession, settings: dict) -> int:
    days = float(settings.get("cc.jobs.failed_retention_days", DEFAULT_FAILED_RETENTION_DAYS))
    return dbsession.execute(sa.delete(Job).where(Job.state == FAILED,
                                                  Job.finished_at < _before(days * 86400))).rowcount


def purge_inbound_mail(dbsession, settings: dict) -> int:
    """Message-IDs handled long ago: a copy that old is not fetched again (it was moved away)."""
    from ..mail_inbound.ledger import purge_before

    days = float(settings.get("mail.inbound.ledger_days", 90))
    return purge_before(dbsession, _before(days * 86400))


PURGES = {
    "cc.purge.form_submissions": purge_form_submissions,
    "cc.purge.used_tokens": purge_used_tokens,
    "cc.purge.login_failures": purge_login_failures,
    "cc.purge.login_counters": purge_login_counters,
    "cc.purge.revoked_sessions": purge_revoked_sessions,
    "cc.purge.failed_jobs": purge_failed_jobs,
    "cc.purge.inbound_mail": purge_inbound_mail,
    "cc.purge.api_idempotency": purge_api_idempotency,
}


ORPHAN_FILES = "cc.purge.orphan_files"


def purge_orphan_files(job) -> None:
    """Stored files no plugin's rows name, once older than the grace period, on whichever backend.

    The referenced keys are read first: a file stored after that is younger
    than the grace period, and re-storing an old file renews its time.
    """
    from ..storage import storage_from_settings
    from ..storage_sweep import DEFAULT_GRACE, referenced_keys, sweep_orphans

    grace = dt.timedelta(seconds=float(job.settings.get("cc.storage.orphan_grace_seconds",
                                                        DEFAULT_GRACE.total_seconds())))
    referenced = referenced_keys(job.dbsession, job.jobs.plugin_manager)
    deleted = sweep_orphans(storage_from_settings(job.settings), referenced, older_than=grace)
    log.info("%s: %d stored files deleted", ORPHAN_FILES, len(deleted))


def _handler(name, purge):
    def run(job):
        deleted = purge(job.dbsession, job.settings)
        log.info("%s: %d rows deleted", name, deleted)

    return JobHandler(name=name, run=run, max_attempts=3)


def purge_handlers() -> list[JobHandler]:
    return [*(_handler(name, purge) for name, purge in PURGES.items()),
            JobHandler(name=ORPHAN_FILES, run=purge_orphan_files, max_attempts=3)]


def purge_schedule(settings: dict) -> list[RecurringJob]:
    every = float(settings.get("cc.purge.every_seconds", DEFAULT_EVERY_SECONDS))
    return [RecurringJob(name=name, every_seconds=every) for name in (*PURGES, ORPHAN_FILES)]
