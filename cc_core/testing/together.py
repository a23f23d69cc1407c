"""Run calls at the same moment, each in its own thread: races tests want to provoke.

Every thread waits at one barrier, so the calls start together instead
of one after another as threads happen to be scheduled.  An exception is
returned in the call's place rather than lost with its thread, so the
test's assertion shows it.
"""
from __future__ import annotations

import threading
from collections.abc import Callable


def at_once(*calls: Callable[[], object]) -> list:
    """The results of ``calls`` (or the exception each raised), in their order, all started together."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(index, call):
        barrier.wait()
        try:
            results[index] = call()
        except Exception as error:   # noqa: BLE001 - handed to the test's assertion
            results[index] = error

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
