"""``cc files migrate --to s3|folder``: copy every stored file to the other backend.

Both backends name a file by the SHA-256 of its content, so moving is
copying: no row changes, and the database is not even opened.  Each file
is copied through a spooled temporary file (memory stays flat for large
ones), then read back from the target and hashed: a file counts as copied
only when the target holds exactly the bytes its key names.

Files the target already holds are skipped, so a run that was
interrupted (Ctrl-C, a lost connection) is resumed by running it again.
Both backends make a file appear whole or not at all, so an interrupted
copy leaves nothing half-written behind.  Switch ``cc.storage`` once a
run reports no failures, then run it once more to catch files stored in
between.
"""
from __future__ import annotations

import dataclasses
import shutil
import sys
import tempfile

from .progress import Progress
from .storage import (BACKENDS, CHUNK, Storage, StorageConfigError, StorageError, StorageUnavailable,
                      backend_from_settings)
from .storage_streams import content_hash

SPOOL_BYTES = 8 * 1024 * 1024


@dataclasses.dataclass
class MigrationReport:
    copied: int = 0
    present: int = 0
    failed: list[tuple[str, str]] = dataclasses.field(default_factory=list)


def verified(storage: Storage, key: str) -> bool:
    """Whether ``storage`` holds ``key`` with the content the key names."""
    with storage.open(key) as fh:
        return content_hash(fh)[0] == key


def copy_file(source: Storage, target: Storage, key: str) -> None:
    """Copy ``key`` from ``source`` to ``target`` and check it there; :class:`StorageError` if it differs."""
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as spool:
        with source.open(key) as fh:
            shutil.copyfileobj(fh, spool, CHUNK)
        spool.seek(0)
        stored = target.store(spool)
    if stored.key != key:
        raise StorageError(f"the source's content hashes to {stored.key}: the stored file is damaged")
    if not verified(target, key):
        raise StorageError("the copy read back from the target differs")


def migrate(source: Storage, target: Storage, progress: Progress | None = None) -> MigrationReport:
    """Copy what ``target`` lacks of ``source``'s files; the report says what happened to each."""
    report = MigrationReport()
    keys = sorted(item.key for item in source.keys())
    if progress is not None:
        progress.total = max(len(keys), 1)
    for key in keys:
        try:
            if target.exists(key):
                report.present += 1
            else:
                copy_file(source, target, key)
                report.copied += 1
        except StorageError as exc:
            report.failed.append((key, str(exc)))
        if progress is not None:
            progress.advance()
    return report


def cmd_files_migrate(args, env) -> None:
    settings = env.settings
    source_name = next(name for name in BACKENDS if name != args.to)
    source = backend_from_settings(settings, source_name)
    target = backend_from_settings(settings, args.to)
    for storage in (source, target):
        check = getattr(storage, "check", None)
        try:
            if check is not None:
                check()
        except StorageConfigError as exc:
            print(f"cc: {exc}", file=sys.stderr)
            raise SystemExit(2)
    try:
        with Progress(f"{source_name} → {args.to}", 1) as progress:
            report = migrate(source, target, progress)
    except KeyboardInterrupt:
        print("\ninterrupted: run the same command again to copy the rest", file=sys.stderr)
        raise SystemExit(130)
    except StorageUnavailable as exc:
        print(f"\nstopped: {exc}\nrun the same command again to copy the rest", file=sys.stderr)
        raise SystemExit(1)
    print(f"{report.copied} copied, {report.present} already there, {len(report.failed)} failed")
    for key, reason in report.failed:
        print(f"  {key}: {reason}", file=sys.stderr)
    if report.failed:
        raise SystemExit(1)


def add_parser(subparsers) -> None:
    files = subparsers.add_parser("files", help="the stored files (attachments)")
    commands = files.add_subparsers(dest="files_command", required=True)
    p = commands.add_parser("migrate", help="copy every stored file to the other backend, verified by its hash")
    p.add_argument("--to", required=True, choices=BACKENDS,
                   help="the backend to copy to (from the other one); both are read from the ini file")
    p.set_defaults(func=cmd_files_migrate)
