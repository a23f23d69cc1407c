"""A worker thread inside the web process, for ``make run`` (``cc.jobs.embedded_worker = true``).

One command then serves the portal and does its background work; mail
appears in ``var/mail`` as soon as the request commits, because the
enqueue wakes this thread.  Production runs ``cc worker`` processes and
leaves the setting off: a web server that forks (gunicorn) would start a
thread before the fork.
"""
from __future__ import annotations

import atexit
import logging
import threading

import sqlalchemy.orm
from pyramid.events import ApplicationCreated
from pyramid.settings import asbool

log = logging.getLogger(__name__)


def start_embedded_worker(config) -> None:
    settings = config.get_settings()
    engine = config.registry.get("cc.db.engine")
    if not asbool(settings.get("cc.jobs.embedded_worker", False)) or engine is None:
        return
    from .worker import Worker
    from .workers import WorkerRefused

    worker = Worker(engine, config.registry["cc.jobs"],
                    concurrency=int(settings.get("cc.jobs.embedded_concurrency", 2)))

    def run() -> None:
        try:
            worker.run()
        except WorkerRefused as exc:
            log.error("no embedded worker: %s", exc)
        except Exception:  # logged; the portal keeps serving
            log.exception("the embedded worker stopped")

    def start(event) -> None:
        # Only once the application is made, so every plugin's models are
        # imported: a job's first query configures the ORM's mappers, and
        # done halfway through a plugin's import that fails for good (every
        # page then answers 500).
        sqlalchemy.orm.configure_mappers()
        thread = threading.Thread(target=run, name="cc-embedded-worker", daemon=True)
        thread.start()
        atexit.register(_stop, worker, thread)

    config.add_subscriber(start, ApplicationCreated)
    config.registry["cc.jobs.embedded_worker"] = worker


def _stop(worker, thread) -> None:
    worker.stop()
    thread.join(timeout=10)
