"""Gunicorn server hooks for multiprocess metrics; ``gunicorn.conf.py`` imports them.

``PROMETHEUS_MULTIPROC_DIR`` holds one file per process and metric type.
Files left by an earlier run would be summed into this one's counts, so
the folder is emptied when the arbiter starts, before any worker forks;
and when a worker exits its live gauges are retired
(``mark_process_dead``), while its counters stay counted.

In ``gunicorn.conf.py``::

    from cc_core.metrics.gunicorn_hooks import on_starting, child_exit  # noqa: F401
"""
from __future__ import annotations

import os

from prometheus_client import multiprocess


def _folder() -> str | None:
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR") or None


def clear_metrics_folder(folder: str) -> None:
    """Empty (or create) the metrics folder; only what this client writes there (``*.db``) is removed."""
    os.makedirs(folder, exist_ok=True)
    for name in os.listdir(folder):
        path = os.path.join(folder, name)
        if name.endswith(".db") and os.path.isfile(path):
            os.remove(path)


def on_starting(server) -> None:
    """Gunicorn's ``on_starting``: a fresh metrics folder for this run."""
    folder = _folder()
    if folder:
        clear_metrics_folder(folder)


def child_exit(server, worker) -> None:
    """Gunicorn's ``child_exit``: retire the dead worker's live gauges."""
    folder = _folder()
    if folder:
        multiprocess.mark_process_dead(worker.pid, folder)
