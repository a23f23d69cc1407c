"""A bounded load through the balancer: several customers reading and replying at once.

Each client thread logs in (before the load starts), then repeats: read
the request (its page carries the reply form, with a fresh CSRF token,
signed state and one-time submission token), post a reply whose text is a
marker of its own, read the request list.  The threads stop once the
event under test is over and a short tail has passed, or at a fixed cap
of requests, so a run is bounded whatever happens.  Every exchange is
kept: a failure is an answer of 500 or more, or no answer at all.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from cc_core.testing import do_login

from .lb_client import Exchange, client

#: Requests one client makes at most in one run.
MAX_REQUESTS_PER_CLIENT = 400


@dataclass
class LoadRun:
    """What the clients did: every exchange, and the markers of the replies answered 303."""

    exchanges: list[Exchange] = field(default_factory=list)
    answered: list[str] = field(default_factory=list)
    attempted: list[str] = field(default_factory=list)

    @property
    def failures(self) -> list[Exchange]:
        return [e for e in self.exchanges if e.status is None or e.status >= 500]

    def served(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for exchange in self.exchanges:
            if exchange.served_by:
                counts[exchange.served_by] = counts.get(exchange.served_by, 0) + 1
        return counts

    def figures(self) -> dict:
        return {"requests": len(self.exchanges), "failures": len(self.failures),
                "posts_answered_303": len(self.answered), "posts_attempted": len(self.attempted),
                "served_by": self.served()}


class Load:
    """``clients`` logged-in customers replying to ``req_path`` until ``stop()`` plus ``tail`` seconds."""

    def __init__(self, balancer, req_path: str, marker: str, clients: int = 3, tail: float = 1.0,
                 time_limit: float = 40.0):
        self.req_path, self.marker, self.tail, self.time_limit = req_path, marker, tail, time_limit
        self.clients = []
        for _ in range(clients):
            browser = client(balancer.port, balancer.cafile)
            do_login(browser, "demo@example.com")
            browser.app.exchanges.clear()   # the load counts from here
            self.clients.append(browser)
        self.run = LoadRun()
        self._lock = threading.Lock()
        self._stopped_at: float | None = None
        self._threads = [threading.Thread(target=self._loop, args=(number, browser), daemon=True)
                         for number, browser in enumerate(self.clients)]

    def start(self) -> "Load":
        self._started = time.monotonic()
        for thread in self._threads:
            thread.start()
        return self

    def stop(self) -> LoadRun:
        """End the load ``tail`` seconds from now; returns what it did."""
        self._stopped_at = time.monotonic()
        for thread in self._threads:
            thread.join(timeout=self.time_limit + 30)
        for browser in self.clients:
            self.run.exchanges.extend(browser.app.exchanges)
        self.run.exchanges.sort(key=lambda e: e.started)
        return self.run

    def _going(self, browser) -> bool:
        now = time.monotonic()
        if self._stopped_at is not None and now - self._stopped_at >= self.tail:
            return False
        return len(browser.app.exchanges) < MAX_REQUESTS_PER_CLIENT and now - self._started < self.time_limit

    def _loop(self, number: int, browser) -> None:
        count = 0
        while self._going(browser):
            count += 1
            try:
                page = browser.get(self.req_path, expect_errors=True)
                if page.status_int != 200:
                    continue
                form = page.forms["reply"]
                marker = f"{self.marker}-{number}-{count}"
                form["message"] = marker
                with self._lock:
                    self.run.attempted.append(marker)
                if form.submit(expect_errors=True).status_int == 303:
                    with self._lock:
                        self.run.answered.append(marker)
                browser.get("/requests", expect_errors=True)
            except Exception:   # noqa: BLE001  (no answer: recorded as an exchange without a status)
                continue
