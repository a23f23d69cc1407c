"""gunicorn settings for Customer Centre in production.

Serve the portal with::

    gunicorn --config /srv/cc/gunicorn.conf.py --paste /srv/cc/production.ini

Every value can be changed by the environment (a systemd unit's
``Environment=``), so one file serves every host:

``CC_BIND``                 address to listen on (default ``127.0.0.1:8000``;
                            ``0.0.0.0:8000`` behind a balancer on another host)
``CC_WORKERS``              worker processes (default 2 × processors + 1)
``CC_WORKER_CLASS``         ``sync`` (default) or ``gthread``
``CC_THREADS``              threads per worker with ``gthread`` (default 4)
``CC_TIMEOUT``              seconds a worker may stay silent before it is
                            killed and replaced (default 30)
``CC_GRACEFUL_TIMEOUT``     seconds a stopping worker gets to finish the
                            requests in hand (default 30)
``CC_DRAIN_SECONDS``        seconds between ``SIGTERM`` and the stop, during
                            which ``/readyz`` answers 503 and requests are
                            still served (default 10; 0 stops at once)
``CC_MAX_REQUESTS``         requests after which a worker is replaced
                            (default 2000, 0 never), ±``CC_MAX_REQUESTS_JITTER``
                            (default 200) so the workers do not all restart
                            at once
``CC_FORWARDED_ALLOW_IPS``  the load balancer's addresses, whose
                            ``X-Forwarded-Proto``/``-For`` are trusted
                            (default ``127.0.0.1``)
``CC_RUNTIME_DIR``          the host's own folder for the drain flag (default
                            systemd's ``RUNTIME_DIRECTORY``, else a temporary
                            folder made at start)
``CC_LOG_LEVEL``            gunicorn's own log level (default ``info``)

Why sync workers: a page is 2 to 5 ms of CPU work in Python (see
docs/performance.md) with a few quick database round trips, so threads
would mostly wait for the GIL; a process per request isolates a crash or a
leak to one request and lets ``timeout`` kill a stuck one; and sync workers
close the connection after each response, so the balancer never sends a
request down a kept-alive connection the worker is just closing (the race
that fails non-idempotent requests during restarts).  haproxy in front
absorbs slow clients.  Choose ``gthread`` where many clients upload or
download large attachments over slow links: a sync worker is held for the
whole transfer.

Graceful stop with draining: on ``SIGTERM`` the master raises the drain
flag (:mod:`cc_core.drain`), so ``/readyz`` answers 503 on every worker and
the balancer's health check takes the host out; for ``CC_DRAIN_SECONDS``
the workers go on serving what still arrives; then gunicorn's ordinary
graceful stop closes the listening socket and lets each worker finish its
request (up to ``CC_GRACEFUL_TIMEOUT``).  A second ``SIGTERM`` during the
drain stops at once (gracefully); ``SIGINT``/``SIGQUIT`` stop immediately
as usual; ``SIGHUP`` replaces the workers without closing the socket and
needs no drain.
"""
from __future__ import annotations

import os
import shutil
import signal
import tempfile

from cc_core import drain
from cc_core.metrics import gunicorn_hooks as metrics_hooks


def _number(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


# --- Where and how many -------------------------------------------------
bind = os.environ.get("CC_BIND", "127.0.0.1:8000").split(",")
workers = _number("CC_WORKERS", 2 * (os.cpu_count() or 1) + 1)
worker_class = os.environ.get("CC_WORKER_CLASS", "sync")
threads = _number("CC_THREADS", 4) if worker_class == "gthread" else 1
# The listen queue holds connections while workers are busy or being
# replaced (SIGHUP, max_requests): the balancer's retries cover the rest.
backlog = 2048

# --- Time limits ----------------------------------------------------------
timeout = _number("CC_TIMEOUT", 30)
graceful_timeout = _number("CC_GRACEFUL_TIMEOUT", 30)
# gthread only (sync workers close after every answer): seconds an idle
# connection from the balancer is kept for its next request.
keepalive = 2
DRAIN_SECONDS = float(os.environ.get("CC_DRAIN_SECONDS", "10") or 0)

# --- Worker recycling -----------------------------------------------------
# A worker that slowly grows (a leak in a library, fragmentation) is
# replaced after a while; the jitter spreads the restarts over time.
max_requests = _number("CC_MAX_REQUESTS", 2000)
max_requests_jitter = _number("CC_MAX_REQUESTS_JITTER", 200)

# --- Behind the load balancer ----------------------------------------------
forwarded_allow_ips = os.environ.get("CC_FORWARDED_ALLOW_IPS", "127.0.0.1")
secure_scheme_headers = {"X-FORWARDED-PROTO": "https"}

# --- Logging -----------------------------------------------------------------
# The portal logs each request itself; gunicorn's access log would say it twice.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("CC_LOG_LEVEL", "info")

# --- The drain flag's folder -------------------------------------------------
# The workers inherit the master's environment, so exporting the folder
# here lets /readyz in every worker see the flag the master raises.
# SIGHUP reads this file again: the folder made at the first start is kept.
if drain.runtime_dir() is None:
    os.environ["CC_RUNTIME_DIR"] = os.environ["CC_RUNTIME_DIR_MADE"] = tempfile.mkdtemp(prefix="cc-runtime-")
RUNTIME_DIR = drain.runtime_dir()

# --- Metrics -----------------------------------------------------------------
# With PROMETHEUS_MULTIPROC_DIR set, every worker writes its counts there and
# /metrics sums them: the folder is emptied when the master starts (a
# previous run's counts would be added to this one's) and a dead worker's
# live gauges are retired.  Without it these hooks do nothing.  The drain
# below does not depend on them.
child_exit = metrics_hooks.child_exit


def on_starting(server):
    metrics_hooks.on_starting(server)
    # A flag left by `cc drain` or by a host that died while draining must
    # not keep the new server out of the balancer.
    if drain.stop_draining(RUNTIME_DIR):
        server.log.info("drain flag from an earlier run lowered in %s", RUNTIME_DIR)


def when_ready(server):
    """Make the master's SIGTERM drain first (gunicorn has no hook for it)."""
    stop_now = server.handle_term
    state = {"draining": False}

    def handle_term():
        if state["draining"] or DRAIN_SECONDS <= 0:
            signal.setitimer(signal.ITIMER_REAL, 0)   # an operator's second SIGTERM: no alarm later
            stop_now()
            return
        state["draining"] = True
        drain.start_draining(RUNTIME_DIR, reason="gunicorn SIGTERM")
        server.log.info("draining: /readyz answers 503; stopping in %.1f s", DRAIN_SECONDS)
        # The alarm goes through gunicorn's own signal queue, so the stop
        # runs in the master's loop like an operator's second SIGTERM.
        signal.signal(signal.SIGALRM, lambda signum, frame: server.signal(signal.SIGTERM, frame))
        signal.setitimer(signal.ITIMER_REAL, DRAIN_SECONDS)

    server.handle_term = handle_term


def on_exit(server):
    drain.stop_draining(RUNTIME_DIR)
    made = os.environ.get("CC_RUNTIME_DIR_MADE")
    if made and made == str(RUNTIME_DIR):
        shutil.rmtree(made, ignore_errors=True)
