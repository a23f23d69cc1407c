"""The observability benchmark runs: three portals answer, and the tween's work is timed alone."""
import logging

from bench.observability_cost import VARIANTS, isolated_costs, measure


def test_each_variant_is_timed_on_both_clocks():
    times = measure(rounds=1, requests=2)
    assert set(times) == set(VARIANTS)
    for variant in VARIANTS:
        assert len(times[variant]["wall"]) == len(times[variant]["cpu"]) == 2
        assert all(value > 0 for value in times[variant]["wall"])
    access = logging.getLogger("cc_core.access")
    assert access.propagate and access.level == logging.NOTSET and not access.handlers


def test_the_isolated_costs_are_positive_microseconds():
    costs = isolated_costs(iterations=200)
    assert set(costs) == {"metric updates", "JSON access line", "request id"}
    assert all(0 < micros < 10_000 for micros in costs.values())
