"""Deleting stored files that no row points at any more (orphans).

Files are stored before the rows that name them are saved (so a row never
points at a file that is not there); a transaction that fails afterwards,
or a row deleted later, leaves a file nobody names.  :func:`sweep_orphans`
removes those, for any backend, given the keys the plugins still use
(:func:`referenced_keys`, from the ``cc_referenced_files`` hook).

The grace period protects files whose rows are being saved right now:
their transaction has not committed, so no query can see the reference
yet.  Storing content that is already stored renews its stored time (both
stock backends do), so a file just attached again is young, whatever the
age of the bytes.  Keep the grace period longer than any request can
take; the default is a day.

The sweep is meant to run as a recurring job; it has no schedule of its
own.
"""
from __future__ import annotations

import datetime as dt
import logging
from typing import Iterable

from .storage import Storage

log = logging.getLogger(__name__)

DEFAULT_GRACE = dt.timedelta(days=1)


def referenced_keys(dbsession, plugin_manager) -> set[str]:
    """Every storage key some plugin's rows name (the ``cc_referenced_files`` hook)."""
    keys: set[str] = set()
    for result in plugin_manager.hook.cc_referenced_files(dbsession=dbsession):
        keys.update(result or ())
    return keys


def find_orphans(storage: Storage, referenced: Iterable[str], older_than: dt.timedelta = DEFAULT_GRACE,
                 now: dt.datetime | None = None) -> list[str]:
    """The stored keys not in ``referenced`` and last stored before ``now - older_than``."""
    referenced = set(referenced)
    cutoff = (now or dt.datetime.now(dt.timezone.utc)) - older_than
    return sorted(item.key for item in storage.keys() if item.key not in referenced and item.stored_at < cutoff)


def sweep_orphans(storage: Storage, referenced: Iterable[str], older_than: dt.timedelta = DEFAULT_GRACE,
                  now: dt.datetime | None = None) -> list[str]:
    """Delete the orphans :func:`find_orphans` names; return their keys.

    ``referenced`` must be read *before* the sweep starts listing (as
    :func:`referenced_keys` does when called first): a file referenced
    later is younger than the grace period anyway.
    """
    orphans = find_orphans(storage, referenced, older_than, now)
    for key in orphans:
        storage.delete(key)
    if orphans:
        log.info("deleted %d stored files no row refers to", len(orphans))
    return orphans
