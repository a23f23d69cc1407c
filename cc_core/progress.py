"""A small progress bar for long command-line runs (seeding, imports)."""
from __future__ import annotations

import sys
import time


class Progress:
    """Counts work done and redraws one line on a terminal.

    On a pipe or a file (CI logs) it prints a line every ten per cent
    instead, so logs stay readable.
    """

    def __init__(self, label: str, total: int, stream=None, width: int = 30):
        self.label = label
        self.total = max(int(total), 1)
        self.done = 0
        self.stream = stream or sys.stderr
        self.width = width
        self.started = time.monotonic()
        self._tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self._last_tenth = -1

    def advance(self, count: int = 1) -> None:
        self.done = min(self.done + count, self.total)
        self._draw()

    def _draw(self) -> None:
        fraction = self.done / self.total
        elapsed = time.monotonic() - self.started
        rate = self.done / elapsed if elapsed > 0 else 0.0
        if self._tty:
            filled = int(fraction * self.width)
            bar = "#" * filled + "-" * (self.width - filled)
            self.stream.write(f"\r{self.label:<18} [{bar}] {fraction:6.1%} {self.done:>10,}/{self.total:,} "
                              f"{rate:,.0f}/s")
            self.stream.flush()
        else:
            tenth = int(fraction * 10)
            if tenth != self._last_tenth:
                self._last_tenth = tenth
                self.stream.write(f"{self.label}: {fraction:.0%} ({self.done:,}/{self.total:,}, {rate:,.0f}/s)\n")

    def close(self) -> None:
        elapsed = time.monotonic() - self.started
        if self._tty:
            self.stream.write("\n")
        self.stream.write(f"{self.label}: {self.done:,} in {elapsed:.1f} s\n")
        self.stream.flush()

    def __enter__(self):
        self._draw()
        return self

    def __exit__(self, *exc):
        self.close()
        return False
