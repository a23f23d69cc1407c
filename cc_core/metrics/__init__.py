"""Prometheus metrics: what they are (:mod:`.definitions`), how a request is measured, ``/metrics``.

Under gunicorn every worker keeps its own counts; with
``PROMETHEUS_MULTIPROC_DIR`` set in the environment of gunicorn and of the
``cc worker`` processes on the host, each process writes them to files in
that folder and ``/metrics`` sums the files (:mod:`.gunicorn_hooks` clears
the folder at start and retires a dead worker's files).  Without it, the
process's own counts are served.

Settings: ``cc.metrics.enabled`` (true) and ``cc.metrics.allow`` (the
addresses or networks that may read ``/metrics``; loopback by default).
"""
from __future__ import annotations

from pyramid.settings import asbool

from .db_time import listen_to_all_engines
from .exposition import DEFAULT_ALLOW, metrics_view, parse_allow


def metrics_enabled(settings) -> bool:
    return asbool(settings.get("cc.metrics.enabled", True))


def includeme(config):
    settings = config.get_settings()
    config.registry["cc.metrics.allow"] = parse_allow(settings.get("cc.metrics.allow", DEFAULT_ALLOW))
    config.registry["cc.metrics.enabled"] = enabled = metrics_enabled(settings)
    if not enabled:
        return
    listen_to_all_engines()
    config.add_route("metrics", "/metrics")
    config.add_view(metrics_view, route_name="metrics", request_method="GET", permission="public")
