"""The requests plugin names every attachment's stored file, so the orphan sweep keeps them."""
import pytest
import sqlalchemy as sa

from cc_core import api
from cc_requests.models import Attachment

pytestmark = pytest.mark.cc_plugins("requests")


def test_every_attachments_file_is_named(app, dbsession):
    keys = set(dbsession.scalars(sa.select(Attachment.storage_key)))
    assert keys, "the demo data has attachments"
    attachment = dbsession.scalars(sa.select(Attachment)).first()
    attachment.storage_key = "f" * 64
    dbsession.flush()
    [result] = api.plugin_manager(app).hook.cc_referenced_files(dbsession=dbsession)
    named = set(result)
    assert named == set(dbsession.scalars(sa.select(Attachment.storage_key))) and "f" * 64 in named
