"""The parts of ``/healthz`` beyond the database: the schema's migrations and the file storage.

Schema: every branch head (the core's and each plugin's) the code knows
must be in the database's ``alembic_version``.  One that is missing means
``cc upgrade`` has not run (or a plugin was enabled without it), and pages
would fail on missing tables or columns: the check names the branches.  A
revision the code does not know means newer code migrated the database
(a rolling deploy's other hosts); that is reported, not failed.

Storage: a folder must take a new file; another backend's ``check()``
(S3's bucket lookup) must answer within a few seconds, so a hung object
store cannot hang the load balancer's probe too.
"""
from __future__ import annotations

import concurrent.futures
import logging
import os
import tempfile

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from .migrate import alembic_config

log = logging.getLogger(__name__)

#: Seconds a storage check may take before it counts as unreachable.
STORAGE_TIMEOUT = 3.0

_checks = concurrent.futures.ThreadPoolExecutor(max_workers=2, thread_name_prefix="cc-health")


class KnownMigrations:
    """The code's migration heads with their branch names and ancestries, read once per process."""

    def __init__(self, plugin_manager):
        script = ScriptDirectory.from_config(alembic_config(plugin_manager, None))
        self.revisions = {revision.revision for revision in script.walk_revisions()}
        self.heads: dict[str, str] = {}
        self.ancestors: dict[str, set[str]] = {}
        for head in script.get_heads():
            chain = list(script.iterate_revisions(head, "base"))
            label = next((label for revision in chain for label in revision.branch_labels or ()), head)
            self.heads[head] = label
            self.ancestors[head] = {revision.revision for revision in chain}


def known_migrations(registry) -> KnownMigrations:
    known = registry.get("cc.health.migrations")
    if known is None:
        known = registry["cc.health.migrations"] = KnownMigrations(registry["cc.plugin_manager"])
    return known


def schema_state(connection, known: KnownMigrations) -> dict:
    """``{"status": "ok" | "behind", "behind": [branch, ...]}``, plus ``unknown_revisions`` when newer code ran."""
    current = set(MigrationContext.configure(connection).get_current_heads())
    unknown = sorted(current - known.revisions)
    behind = []
    for head, label in known.heads.items():
        if head in current:
            continue
        on_branch = current & known.ancestors[head]
        # No revision of the branch at all, with unknown ones present, may be newer code's: not "behind".
        if on_branch or not unknown:
            behind.append(label)
    state = {"status": "behind" if behind else "ok", "behind": sorted(behind)}
    if unknown:
        state["unknown_revisions"] = unknown
    return state


def _folder_writable(root: str) -> None:
    os.makedirs(root, exist_ok=True)
    handle, path = tempfile.mkstemp(prefix=".healthz-", dir=root)
    os.close(handle)
    os.remove(path)


def storage_state(storage, timeout: float = STORAGE_TIMEOUT) -> dict:
    """``{"status": "ok" | "unreachable" | "timeout", "backend": ...}`` for the portal's file storage."""
    from .storage import FolderStorage

    backend = type(storage).__name__
    if isinstance(storage, FolderStorage):
        probe = lambda: _folder_writable(storage.root)  # noqa: E731
    elif callable(getattr(storage, "check", None)):
        probe = storage.check
    else:
        return {"status": "unchecked", "backend": backend}
    try:
        _checks.submit(probe).result(timeout=timeout)
    except concurrent.futures.TimeoutError:
        log.warning("health check: the file storage did not answer within %s seconds", timeout)
        return {"status": "timeout", "backend": backend}
    except Exception as exc:  # any failure of the probe means files cannot be served or stored now
        # The reason goes to the log: the public answer does not name buckets or paths.
        log.warning("health check: the file storage is unreachable: %s", exc)
        return {"status": "unreachable", "backend": backend}
    return {"status": "ok", "backend": backend}
