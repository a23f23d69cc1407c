"""A per-caller request limit for the API: fixed windows counted on locked counter rows.

Each caller (a token, else a logged-in person, else a client address)
gets ``cc.api.rate_limit`` requests (600) per ``cc.api.rate_window_seconds``
(60).  The count of the current window lives in a row of
:mod:`cc_core.counters`, taken locked, so parallel requests on several
workers are counted one after the other and cannot pass the limit
together.  The rows are old once their window is, and the login
counters' purge job deletes them.
"""
from __future__ import annotations

import math
import time

from ..counters import locked_counters
from ..db import utcnow
from .problems import ApiProblem


def rate_limit_settings(settings) -> tuple[int, int]:
    return int(settings.get("cc.api.rate_limit", 600)), int(settings.get("cc.api.rate_window_seconds", 60))


def count_request(request, who: str) -> None:
    """Count this request for ``who``; raise a 429 problem with ``Retry-After`` past the limit."""
    limit, window = rate_limit_settings(request.registry.settings)
    now = time.time()
    number = int(now // window)
    key = f"api:{who}:{number}"
    counter = locked_counters(request.dbsession, [key])[key]
    if counter.failures >= limit:
        wait = max(1, math.ceil((number + 1) * window - now))
        raise ApiProblem(429, headers={"Retry-After": str(wait)})
    counter.failures += 1
    counter.last_failure_at = utcnow()
