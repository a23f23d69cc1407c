"""How long each phase of a run took: seeding, cold starts, loads, in-process timings.

A benchmark that is slower than it should be is hard to speed up when
only its total is known.  ``Phases`` times each named step of a run (the
wall clock, and the CPU time of this process and of the child processes
it waited for: ``cc seed``, cold starts, ``wrk``, the gunicorn servers)
and renders them as a table printed at the end of the run, so where the
minutes go is visible in every run's output and its JSON.
"""
from __future__ import annotations

import contextlib
import dataclasses
import os
import resource
import threading
import time


def _cpu_seconds() -> tuple[float, float]:
    """CPU seconds used so far by this process, and by the children it has waited for."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


@dataclasses.dataclass
class Phase:
    name: str
    wall_s: float
    cpu_s: float          # this process's CPU time during the phase
    children_cpu_s: float  # CPU time of the child processes that ended during it


class Phases:
    """The phases of one run, in the order they ended.

    Phases may overlap (the databases are prepared side by side, each in a
    thread): their wall times then add up to more than the run took, and
    the CPU time of one is shared with the other, so the total line reports
    the run's own wall clock and CPU time, not the sum of the rows.
    """

    def __init__(self, clock=time.monotonic, cpu=_cpu_seconds):
        self._clock, self._cpu = clock, cpu
        self._lock = threading.Lock()
        self.phases: list[Phase] = []
        self.started = clock()
        self.cpu_started = cpu()

    @contextlib.contextmanager
    def phase(self, name: str):
        """Time the block as the phase ``name`` (recorded even when the block fails)."""
        wall, (own, children) = self._clock(), self._cpu()
        try:
            yield
        finally:
            own_after, children_after = self._cpu()
            with self._lock:
                self.phases.append(Phase(name, self._clock() - wall, own_after - own, children_after - children))

    def total(self) -> Phase:
        own, children = self._cpu()
        return Phase("whole run", self._clock() - self.started, own - self.cpu_started[0],
                     children - self.cpu_started[1])

    def as_json(self) -> list[dict]:
        return [dataclasses.asdict(phase) for phase in [*self.phases, self.total()]]

    def table(self) -> str:
        """The phases as a Markdown table, the run's totals last."""
        lines = ["| phase | wall s | CPU s (bench) | CPU s (child processes) |", "|---|---:|---:|---:|"]
        for phase in [*self.phases, self.total()]:
            name = f"**{phase.name}**" if phase.name == "whole run" else phase.name
            lines.append(f"| {name} | {phase.wall_s:.1f} | {phase.cpu_s:.1f} | {phase.children_cpu_s:.1f} |")
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        lines += ["", f"Load average at the end: {load:.2f}.  The gunicorn workers' CPU time counts when "
                      "their server stops; phases run side by side share their CPU figures."]
        return "\n".join(lines)
