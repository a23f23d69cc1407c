"""The portal's Prometheus metrics, one object each, made once per process.

They are created without a registry: :mod:`cc_core.metrics.exposition`
builds one per scrape, with these in a single process or the summed files
of every process (``PROMETHEUS_MULTIPROC_DIR``) under gunicorn, so the
default global registry, and what other libraries put in it, stays out.

Label values are bounded on purpose: a route *name* (never the path a
visitor typed), a status code, a job kind from the handler registry.
"""
from __future__ import annotations

from prometheus_client import Counter, Histogram

#: Seconds; from a cached page to a slow report, with the tail a person notices.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
#: Seconds of database time within one request.
DB_TIME_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)
#: Statements within one request: 1 to a few dozen is normal, hundreds means N+1.
STATEMENT_BUCKETS = (1, 2, 5, 10, 20, 50, 100, 200, 500)

#: The route label of a request no route matched (404s for made-up paths).
UNMATCHED_ROUTE = "unmatched"

REQUESTS = Counter("cc_http_requests_total", "HTTP requests answered, by route name and status code.",
                   ["route", "status"], registry=None)
LATENCY = Histogram("cc_http_request_duration_seconds", "Time from the request's arrival to its response, by route.",
                    ["route"], buckets=LATENCY_BUCKETS, registry=None)
DB_TIME = Histogram("cc_http_request_db_seconds", "Time a request spent waiting for SQL statements, by route.",
                    ["route"], buckets=DB_TIME_BUCKETS, registry=None)
STATEMENTS = Histogram("cc_http_request_db_statements", "SQL statements a request sent, by route.",
                       ["route"], buckets=STATEMENT_BUCKETS, registry=None)
LOGIN_FAILURES = Counter("cc_login_failures_total",
                         "Wrong passwords: at the login form (method=\"password\") or when a logged-in person "
                         "confirms a change (method=\"reauthentication\").", ["method"], registry=None)
LOGIN_LOCKOUTS = Counter("cc_login_lockouts_total",
                         "Sign-in attempts refused with 429 by the login throttle, by the limit that applied.",
                         ["limit"], registry=None)
MAIL_SENT = Counter("cc_mail_sent_total", "Messages the mail transport handed to the relay (or wrote to files).",
                    registry=None)
MAIL_FAILED = Counter("cc_mail_failed_total",
                      "Attempts to send a message that failed; permanent=\"true\" for a 5xx refusal.",
                      ["permanent"], registry=None)

#: Every metric above, for a registry built at scrape time.
ALL = (REQUESTS, LATENCY, DB_TIME, STATEMENTS, LOGIN_FAILURES, LOGIN_LOCKOUTS, MAIL_SENT, MAIL_FAILED)
