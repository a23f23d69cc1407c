"""What a load measurement yields, whichever driver made it."""
from __future__ import annotations

import dataclasses
import math


@dataclasses.dataclass
class LoadResult:
    """Throughput, latency and errors of one page at one concurrency.

    ``requests`` counts the measured requests (for a form post: the
    posts, not the pages fetched to get a fresh form); ``errors`` counts
    failed connections, timeouts and unexpected statuses.
    """

    driver: str
    connections: int
    seconds: float
    requests: int
    errors: int
    median_ms: float
    p99_ms: float
    max_ms: float
    bytes: int = 0
    successes: int | None = None

    @property
    def rate(self) -> float:
        """Successful measured requests per second."""
        ok = self.requests - self.errors if self.successes is None else self.successes
        return ok / self.seconds if self.seconds else 0.0


def percentile(sorted_values: list[float], fraction: float) -> float:
    """The nearest-rank percentile of an already sorted list."""
    if not sorted_values:
        return float("nan")
    rank = max(1, math.ceil(fraction * len(sorted_values)))
    return sorted_values[rank - 1]
