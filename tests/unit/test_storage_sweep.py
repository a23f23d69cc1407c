"""The orphan sweep on both backends, and the keys plugins name through cc_referenced_files."""
import datetime as dt
import io
import types

from cc_core.api import hookimpl
from cc_core.plugins import build_plugin_manager
from cc_core.storage_sweep import find_orphans, referenced_keys, sweep_orphans

NOW = dt.datetime.now(dt.timezone.utc)
LATER = NOW + dt.timedelta(days=2)
DAY = dt.timedelta(days=1)


def files_plugin(name: str, keys):
    """A tiny plugin whose rows name ``keys``."""
    module = types.ModuleType(name)

    @hookimpl
    def cc_referenced_files(dbsession):
        return iter(keys)

    module.cc_referenced_files = cc_referenced_files
    return module


def test_the_keys_of_every_plugin_are_referenced():
    pm = build_plugin_manager({}, only=(), extra=[("documents", files_plugin("documents", ["a" * 64])),
                                                  ("photos", files_plugin("photos", ["b" * 64, "a" * 64]))])
    assert referenced_keys(dbsession=None, plugin_manager=pm) == {"a" * 64, "b" * 64}


def test_unreferenced_files_past_the_grace_period_are_deleted_and_the_rest_kept(stock_storage):
    kept = stock_storage.store(io.BytesIO(b"attached to a message")).key
    orphan = stock_storage.store(io.BytesIO(b"its request failed to save")).key

    assert sweep_orphans(stock_storage, {kept}, older_than=DAY, now=NOW) == []  # both still young
    assert find_orphans(stock_storage, {kept}, older_than=DAY, now=LATER) == [orphan]
    assert sweep_orphans(stock_storage, {kept}, older_than=DAY, now=LATER) == [orphan]
    assert not stock_storage.exists(orphan)
    assert stock_storage.exists(kept)
    assert sweep_orphans(stock_storage, {kept}, older_than=DAY, now=LATER) == []
