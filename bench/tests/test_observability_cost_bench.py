"""The observability benchmark runs: three portals answer, and the tween's work is timed alone.

It runs as its own process, as it is meant to be run: a test session may
have installed test plugins that only its own tests load.
"""
import logging
import subprocess
import sys

from bench.observability_cost import VARIANTS, isolated_costs


def test_each_variant_is_timed_on_both_clocks():
    done = subprocess.run([sys.executable, "-m", "bench.observability_cost", "--rounds", "1", "--requests", "2"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    rows = [line.split() for line in done.stdout.splitlines()]
    for variant in VARIANTS:
        for clock in ("cpu", "wall"):
            row = next(row for row in rows if " ".join(row).startswith(f"{variant} {clock} "))
            assert float(row[-3]) > 0, row     # the median in milliseconds
    assert "median of 2 requests each" in done.stdout


def test_the_isolated_costs_are_positive_microseconds():
    costs = isolated_costs(iterations=200)
    assert set(costs) == {"metric updates", "JSON access line", "request id"}
    assert all(0 < micros < 10_000 for micros in costs.values())
    access = logging.getLogger("cc_core.access")
    assert access.propagate and not access.handlers
