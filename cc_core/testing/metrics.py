"""Reading a ``/metrics`` answer in tests: one sample's value by name and labels."""
from __future__ import annotations

from prometheus_client.parser import text_string_to_metric_families


def metric_value(text: str, name: str, **labels) -> float:
    """The value of sample ``name`` whose labels include ``labels``, summed over the rest; 0 when absent."""
    total = 0.0
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == name and all(sample.labels.get(key) == value for key, value in labels.items()):
                total += sample.value
    return total
