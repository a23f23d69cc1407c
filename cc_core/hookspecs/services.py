"""Hooks of work beyond the pages: stored files, the JSON API, jobs and mail coming in."""
from __future__ import annotations

import pluggy

hookspec = pluggy.HookspecMarker("cc")


@hookspec
def cc_referenced_files(dbsession):
    """Return the storage keys (an iterable of str) that the plugin's rows point at.

    Called by the orphan sweep (``cc_core.storage_sweep``), which deletes
    stored files that no plugin names once they are older than a grace
    period.  A plugin that keeps files in the core's storage
    (``api.get_storage``) must name every key it still needs here, or its
    files are swept away.  ``dbsession`` is a session on the portal's
    database.  Return an empty iterable when the plugin stores nothing.
    """


@hookspec
def cc_api_endpoints(settings):
    """Return the plugin's JSON API: a list of :class:`cc_core.api.Endpoint` and :class:`cc_core.api.ApiComponent`.

    Called once while the portal starts.  Each ``Endpoint`` is one
    operation under ``/api/v1`` (method, path, function, summary, response
    schemas, and the ``api.Form`` class whose schema and checks validate its
    body); the core serves it behind its token authentication, CSRF for
    session callers, scope check, rate limit, ``Idempotency-Key`` replay
    and body validation, and describes it in ``/api/v1/openapi.json``.
    ``ApiComponent(name, json_schema)`` adds a schema the endpoints refer
    to as ``{"$ref": "#/components/schemas/<name>"}``.  Prefix endpoint
    names with the plugin's (``"faq.articles.get"``); a name, or a method
    and path, given twice stops start-up.
    """


@hookspec
def cc_job_handlers(settings):
    """Register the background jobs this plugin runs, by name.

    Called once when the portal or ``cc worker`` starts.  Return a list of
    ``api.JobHandler(name, run, max_attempts=None)``; ``run(job)`` gets the
    job's ``payload`` (a dict), ``attempt``, ``settings`` and a
    ``dbsession`` in the transaction that deletes the job when ``run``
    returns.  Raise ``api.JobFailed`` for an error no retry can mend; any
    other exception is retried with exponential backoff.  Prefix names
    with the plugin's (``"faq.reindex"``): two plugins registering one name
    stop start-up with a message naming both.  Enqueue with
    ``api.enqueue(request, name, payload)``.
    """


@hookspec
def cc_recurring_jobs(settings):
    """Declare jobs that run on a schedule.

    Called once when the portal or ``cc worker`` starts, after
    ``cc_job_handlers``.  Return a list of
    ``api.RecurringJob(name, every_seconds, payload={})``: the worker
    enqueues the registered job ``name`` every ``every_seconds`` (0 turns it
    off, so a setting can), exactly once across all workers.  A name no
    plugin handles stops start-up with a message naming this plugin.
    """


@hookspec(firstresult=True)
def cc_mail_received(request, mail, sender):
    """Claim an inbound mail and handle it (``cc mail fetch``, ``cc mail ingest``).

    Called once for each new message a person wrote (duplicates, automatic
    mail, bounces, our own mail and senders over the rate limit never get
    here), inside the message's own transaction.  ``mail`` is an
    ``api.ReceivedMail``: ``sender`` address, ``recipients``, ``subject``,
    ``text`` (the new text, quoted history and signature removed),
    ``full_text`` and ``attachments`` (``api.MailAttachment`` values with
    ``filename``, ``content_type``, ``data`` and ``file``).  ``sender`` is the
    active ``Person`` whose e-mail is the From address, or ``None``; the
    From header is not authenticated, so trust it no further than mail is
    trusted.  ``request`` is built on the application (``route_url``,
    ``dbsession``, translations; ``request.person`` is ``sender``).

    Return a short outcome text for the log (``"posted to #42"``) when the
    mail was this plugin's, else ``None`` to let the next plugin look.
    Answer the sender with ``api.answer_mail``.  Raising rolls back the
    message's transaction and moves the mail to the failed folder.
    """
