"""Background work in the application's own database.

A job is a row inserted in the same transaction as the change that causes
it (:func:`enqueue`), so a rolled-back change enqueues nothing and a
committed one never loses its job.  ``cc worker`` processes claim due rows
(``FOR UPDATE SKIP LOCKED`` on PostgreSQL), run the handler registered
under the job's name, retry failures with backoff, and keep what keeps
failing.  docs/jobs.md tells the whole story; each module here does one
part of it:

* ``models``: the tables;
* ``registry``: handlers and recurring jobs collected from the plugins;
* ``enqueue``: adding a job to the caller's transaction;
* ``claim``: taking due jobs and settling them (success, retry, failure);
* ``worker``: the loop, threads, leases and heartbeats;
* ``workers``: worker registrations, and SQLite's one-worker rule;
* ``recurring`` and ``purges``: scheduled housekeeping;
* ``status``: counts, the backlog and failures, for people;
* ``embedded``: a worker thread in the development server;
* ``cli``: ``cc worker`` (and its signals) and ``cc jobs``.
"""


def includeme(config):
    """Collect the handlers at start-up, so a misnamed job stops the portal from starting."""
    from .registry import registry_from_plugins

    jobs = registry_from_plugins(config.registry["cc.plugin_manager"], config.get_settings())
    jobs.app_registry = config.registry
    config.registry["cc.jobs"] = jobs
    from .embedded import start_embedded_worker

    start_embedded_worker(config)
