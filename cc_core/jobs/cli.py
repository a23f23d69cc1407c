"""``cc worker`` runs jobs; ``cc jobs`` shows and retries them."""
from __future__ import annotations

import signal
import sys

import transaction


def cmd_worker(args, env) -> None:
    from .registry import registry_from_plugins
    from .worker import Worker
    from .workers import WorkerRefused

    from .. import make_app

    registry = registry_from_plugins(env.plugin_manager, env.settings)
    registry.app_factory = lambda settings: make_app(settings, plugin_manager=env.plugin_manager)
    worker = Worker(env.engine, registry, concurrency=args.concurrency)

    def stop(signum, _frame):
        print(f"cc worker: {signal.Signals(signum).name}: finishing the jobs in hand", file=sys.stderr, flush=True)
        worker.stop()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        done = worker.run(once=args.once)
    except WorkerRefused as exc:
        raise SystemExit(f"cc worker: {exc}") from None
    if args.once:
        print(f"{done} jobs run")


def cmd_jobs(args, env) -> None:
    from .status import queue_status

    with transaction.manager:
        status = queue_status(env.dbsession())
    for state, count in status.counts.items():
        print(f"{state:10} {count}")
    print(f"due now    {status.due}")
    print(f"oldest due {status.oldest_due_seconds:.1f} s")


def cmd_jobs_retry(args, env) -> None:
    from .status import retry_jobs

    if not args.failed and not args.ids:
        raise SystemExit("cc jobs retry: give job ids or --failed")
    with transaction.manager:
        count = retry_jobs(env.dbsession(), None if args.failed else args.ids)
    print(f"{count} jobs queued again")


def add_parsers(sub) -> None:
    p = sub.add_parser("worker", help="run background jobs (docs/jobs.md)")
    p.add_argument("--once", action="store_true", help="run what is due, then exit")
    p.add_argument("--concurrency", type=int, default=1, help="jobs run at once, one thread each (default 1)")
    p.set_defaults(func=cmd_worker)
    p = sub.add_parser("jobs", help="the job queue: counts by state, the oldest due job")
    p.set_defaults(func=cmd_jobs)
    jobs_sub = p.add_subparsers(dest="jobs_command")
    r = jobs_sub.add_parser("retry", help="queue failed jobs again")
    r.add_argument("ids", nargs="*", type=int, help="job ids")
    r.add_argument("--failed", action="store_true", help="every failed job")
    r.set_defaults(func=cmd_jobs_retry)
