"""The drain flag: this host asks the load balancer for no more traffic.

Before a host stops, the balancer must stop sending to it, or requests
that arrive in the last moment meet a closed port.  The balancer learns it
from ``/readyz`` (:mod:`cc_core.views.readiness`), which answers 503 while
the flag is up.  The flag is raised by gunicorn's master on ``SIGTERM``
(``gunicorn.conf.py``) or by an operator with ``cc drain``, and read by
every worker of the host.

It is a file, ``draining``, in the host's runtime folder
(``CC_RUNTIME_DIR``, else systemd's ``RUNTIME_DIRECTORY``): a file is seen
at once by every worker process whatever forked it, by ``cc drain`` run
from a shell, and by an operator with ``ls``; it survives a worker's
restart, and checking it costs one ``stat()``.  Shared memory would be
invisible to the command line, and a database row would make one host's
drain everybody's.  The folder is the host's own (never shared storage):
draining one host must not take the others out.
"""
from __future__ import annotations

import argparse
import os
from pathlib import Path

#: The flag file's name inside the runtime folder.
FLAG_NAME = "draining"
#: Environment variables naming the runtime folder, in order of preference.
RUNTIME_DIR_VARIABLES = ("CC_RUNTIME_DIR", "RUNTIME_DIRECTORY")


def runtime_dir(environ=None) -> Path | None:
    """The host's runtime folder, or ``None`` when none is configured.

    systemd's ``RuntimeDirectory=`` may name several folders separated by
    ``:``; the first is ours.
    """
    environ = os.environ if environ is None else environ
    for name in RUNTIME_DIR_VARIABLES:
        value = environ.get(name, "").split(":")[0].strip()
        if value:
            return Path(value)
    return None


def flag_path(folder: Path | str | None = None) -> Path | None:
    folder = runtime_dir() if folder is None else Path(folder)
    return None if folder is None else folder / FLAG_NAME


def is_draining(folder: Path | str | None = None) -> bool:
    """Whether the flag is up; without a runtime folder a host never drains."""
    path = flag_path(folder)
    return path is not None and path.exists()


def start_draining(folder: Path | str | None = None, reason: str = "") -> Path:
    """Raise the flag (the folder is made if missing); returns its path."""
    path = flag_path(folder)
    if path is None:
        raise RuntimeError("no runtime folder: set CC_RUNTIME_DIR to the folder gunicorn was started with")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(reason + "\n", encoding="utf-8")
    return path


def stop_draining(folder: Path | str | None = None) -> bool:
    """Lower the flag; returns whether it was up."""
    path = flag_path(folder)
    if path is None or not path.exists():
        return False
    path.unlink(missing_ok=True)
    return True


def cmd_drain(args, env) -> None:
    folder = args.runtime_dir or runtime_dir()
    if folder is None:
        raise SystemExit("cc drain: no runtime folder; give --runtime-dir or set CC_RUNTIME_DIR "
                         "(the one the host's gunicorn runs with)")
    if args.status:
        print("draining" if is_draining(folder) else "ready")
    elif args.off:
        was = stop_draining(folder)
        print("drain flag lowered: /readyz answers 200 again" if was else "the host was not draining")
    else:
        path = start_draining(folder, reason="cc drain")
        print(f"drain flag raised ({path}): /readyz answers 503 and the load balancer stops sending; "
              "stop or restart the host once its checks have failed, or undo with cc drain --off")


def add_parser(subparsers) -> None:
    """``cc drain [--off | --status] [--runtime-dir DIR]``: needs no ini file."""
    p = subparsers.add_parser("drain", help="take this host out of the load balancer (before a planned stop)",
                              formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    group = p.add_mutually_exclusive_group()
    group.add_argument("--off", action="store_true", help="lower the flag: take traffic again")
    group.add_argument("--status", action="store_true", help="print 'draining' or 'ready'")
    p.add_argument("--runtime-dir", help="the host's runtime folder (default $CC_RUNTIME_DIR, $RUNTIME_DIRECTORY)")
    p.set_defaults(func=cmd_drain, needs_config=False)
