"""A 100 MB attachment through a real server leaves its memory flat, on both storage backends.

The portal runs in a process of its own (waitress), so its resident
memory is measured alone; the upload is streamed from a file over a
socket, as a browser sends it.
"""
import pytest

from bench.attachments import MB, Customer, PortalProcess, portal_settings, prepare, random_file
from cc_core import testing as harness

LIMIT = 20 * MB


@pytest.fixture(scope="module")
def large_file(tmp_path_factory):
    return random_file(tmp_path_factory.mktemp("upload"), 100 * MB)


@pytest.mark.parametrize("backend", ["folder", "s3"])
def test_a_100_mb_upload_grows_the_server_by_less_than_20_mb(backend, large_file, tmp_path, request):
    from bench.attachments import upload_memory_growth

    storage = {}
    if backend == "s3":
        server = request.getfixturevalue("seaweedfs")
        storage = server.settings(prefix=server.new_prefix())
    database = harness.TestDatabase(str(tmp_path), "upload")
    settings = portal_settings(tmp_path, database.url, storage)
    try:
        prepare(settings)
        portal = PortalProcess(settings, tmp_path / "portal.log")
        try:
            growth = upload_memory_growth(portal, Customer(portal.port), large_file)
        finally:
            portal.stop()
    finally:
        database.drop()
    assert 0 <= growth < LIMIT, f"the server's memory grew by {growth / MB:.1f} MB"
    if backend == "folder":
        assert any((tmp_path / "files").rglob("*")), "the folder backend stored nothing"
