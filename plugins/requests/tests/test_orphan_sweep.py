"""The orphan sweep on both backends, with the keys the requests plugin names (cc_referenced_files)."""
import datetime as dt
import io

import pytest
import sqlalchemy as sa

from cc_core.plugins import build_plugin_manager
from cc_core.storage_sweep import find_orphans, referenced_keys, sweep_orphans
from cc_requests.models import Attachment

pytestmark = pytest.mark.cc_plugins("requests")

NOW = dt.datetime.now(dt.timezone.utc)
LATER = NOW + dt.timedelta(days=2)


@pytest.fixture
def plugins(cc_settings):
    return build_plugin_manager(cc_settings, only=("requests",))


def test_the_requests_plugin_names_every_attachments_file(dbsession, plugins):
    keys = set(dbsession.scalars(sa.select(Attachment.storage_key)))
    assert keys, "the demo data has attachments"
    [named] = plugins.hook.cc_referenced_files(dbsession=dbsession)
    assert set(named) == keys
    assert referenced_keys(dbsession, plugins) == keys


def test_unreferenced_files_past_the_grace_period_are_deleted_and_the_rest_kept(stock_storage, dbsession,
                                                                                   plugins):
    kept = stock_storage.store(io.BytesIO(b"attached to a message")).key
    orphan = stock_storage.store(io.BytesIO(b"its request failed to save")).key
    attachment = dbsession.scalars(sa.select(Attachment)).first()
    attachment.storage_key = kept
    dbsession.flush()
    referenced = referenced_keys(dbsession, plugins)

    assert sweep_orphans(stock_storage, referenced, older_than=dt.timedelta(days=1), now=NOW) == []
    assert find_orphans(stock_storage, referenced, older_than=dt.timedelta(days=1), now=LATER) == [orphan]
    assert sweep_orphans(stock_storage, referenced, older_than=dt.timedelta(days=1), now=LATER) == [orphan]
    assert not stock_storage.exists(orphan)
    assert stock_storage.exists(kept)
    assert sweep_orphans(stock_storage, referenced, older_than=dt.timedelta(days=1), now=LATER) == []
