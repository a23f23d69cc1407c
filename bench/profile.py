"""Where a page's time goes: pyinstrument over many requests, in process.

Usage (after ``python -m bench.run`` has made the databases)::

    python -m bench.profile var/bench/sqlite-1/portal.ini /requests --login person1@bench.example
    python -m bench.profile INI PATH [PATH ...] --count 300 --html profile.html
    python -m bench.profile INI PATH --login EMAIL --cprofile out.txt   # per function, cProfile

The application is built from the ini, warmed up, then sampled over
``--count`` requests spread over the paths given; the call tree (frames
under 2 % of the time hidden) is printed or written as HTML.
"""
from __future__ import annotations

import argparse

from .pages import SEED_PASSWORD
from .servertime import InProcess


def profile(ini: str | InProcess, paths: list[str], email: str | None, count: int = 300,
            interval: float = 0.0002):
    """A pyinstrument session of ``count`` GETs over ``paths``.

    ``ini`` may be an application already built (:class:`InProcess`, with
    ``email`` logged in), which is then used and left open.
    """
    from pyinstrument import Profiler

    profiler = Profiler(interval=interval)
    _profiled(ini, paths, email, count, profiler.start, profiler.stop)
    return profiler.last_session


def _profiled(ini: str | InProcess, paths: list[str], email: str | None, count: int, start, stop) -> None:
    """``count`` GETs over ``paths`` between ``start()`` and ``stop()``, after 30 untimed ones."""
    if isinstance(ini, InProcess):
        process, own = ini, False
        if email:
            process.act_as(email)
    else:
        process, own = InProcess(ini), True
        if email:
            process.login(email, SEED_PASSWORD)
    try:
        for index in range(30):
            process.get(paths[index % len(paths)])
        start()
        for index in range(count):
            process.get(paths[index % len(paths)])
        stop()
    finally:
        if own:
            process.close()


def cprofile_text(ini: str, paths: list[str], email: str | None, count: int = 300, top: int = 60) -> str:
    """cProfile's table over ``count`` GETs: where the time goes per function (cumulative, then own time).

    pyinstrument's tree shows which part of a page is slow; this shows
    which functions every page calls and how often, which is what a fixed
    cost is made of.
    """
    import cProfile
    import io
    import pstats

    profiler = cProfile.Profile()
    _profiled(ini, paths, email, count, profiler.enable, profiler.disable)
    out = io.StringIO()
    out.write(f"{count} GETs of {', '.join(paths[:3])}{' ...' if len(paths) > 3 else ''}\n\n")
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)
    return out.getvalue()


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.profile", description=__doc__.split("\n\n")[0])
    parser.add_argument("ini")
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--login", help="e-mail address of a seeded person to view the pages as")
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--html", help="write pyinstrument's HTML view to this file")
    parser.add_argument("--cprofile", help="write cProfile's per-function table to this file instead")
    args = parser.parse_args(argv)
    if args.cprofile:
        with open(args.cprofile, "w") as out:
            out.write(cprofile_text(args.ini, args.paths, args.login, args.count))
        return
    session = profile(args.ini, args.paths, args.login, args.count)
    from pyinstrument.renderers import ConsoleRenderer, HTMLRenderer

    if args.html:
        with open(args.html, "w") as out:
            out.write(HTMLRenderer().render(session))
    print(ConsoleRenderer(unicode=True, color=False, show_all=False, time="percent_of_total",
                          processor_options={"filter_threshold": 0.02}).render(session))


if __name__ == "__main__":
    main()
