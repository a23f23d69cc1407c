"""``GET /metrics``: the Prometheus text format, for the addresses in ``cc.metrics.allow`` only.

The check reads the socket's peer (``REMOTE_ADDR`` as the WSGI server set
it), never ``X-Forwarded-For``, which any client can write; behind a proxy
the scraper reaches the portal's port directly, or gunicorn's
``forwarded_allow_ips`` makes the proxy's header the peer.  Everyone else
gets the ordinary 404 page, so the endpoint does not even show it exists.
"""
from __future__ import annotations

import ipaddress
import os

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from pyramid.httpexceptions import HTTPNotFound
from pyramid.response import Response

from ..settings import parse_name_list
from .definitions import ALL
from .job_collector import JobQueueCollector

#: Who may scrape when ``cc.metrics.allow`` is not set: this host only.
DEFAULT_ALLOW = "127.0.0.0/8 ::1"


def parse_allow(value) -> tuple:
    """The networks of a ``cc.metrics.allow`` value (addresses or CIDRs); a bad entry stops start-up."""
    networks = []
    for entry in parse_name_list(value):
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError as exc:
            raise ValueError(f"cc.metrics.allow: {entry!r} is not an address or network ({exc})") from None
    return tuple(networks)


def is_allowed(networks, address) -> bool:
    """Whether the peer ``address`` (``REMOTE_ADDR``, possibly missing or malformed) is in ``networks``."""
    try:
        ip = ipaddress.ip_address(str(address or "").strip())
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return any(ip.version == net.version and ip in net for net in networks)


def scrape_registry(dbsession) -> CollectorRegistry:
    """A registry of this scrape: the process's (or every process's) metrics, and the job queue's gauges."""
    registry = CollectorRegistry(auto_describe=False)
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        from prometheus_client import multiprocess

        multiprocess.MultiProcessCollector(registry, path=folder)
    else:
        for metric in ALL:
            registry.register(metric)
    registry.register(JobQueueCollector(dbsession))
    return registry


def metrics_view(request):
    if not is_allowed(request.registry["cc.metrics.allow"], request.environ.get("REMOTE_ADDR")):
        raise HTTPNotFound()
    body = generate_latest(scrape_registry(request.dbsession))
    response = Response(body=body, content_type=CONTENT_TYPE_LATEST.split(";")[0], charset="utf-8")
    response.headers["Cache-Control"] = "no-store"
    return response
