"""The storage contract, run against every stock backend: the folder and S3 (a real SeaweedFS)."""
import datetime as dt
import hashlib
import io
import os
import time

import pytest

from cc_core.storage import (FolderStorage, StorageConfigError, StorageError, StorageUnavailable,
                             backend_from_settings, storage_from_settings)
from cc_core.storage_s3 import S3Storage


def sha(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def test_a_file_is_stored_under_its_sha256_and_read_back(stock_storage):
    content = b"hello attachment\n" * 1000
    stored = stock_storage.store(io.BytesIO(content))
    assert stored.key == sha(content) and stored.size == len(content)
    assert stock_storage.exists(stored.key) and stock_storage.size(stored.key) == len(content)
    with stock_storage.open(stored.key) as fh:
        assert fh.read() == content


def test_a_file_larger_than_a_part_is_stored_whole(stock_storage):
    # Above the S3 backend's part size (at least 5 MiB): a multipart upload.
    content = os.urandom(1024) * (11 * 1024 + 3)
    stored = stock_storage.store(io.BytesIO(content))
    assert stored.key == sha(content)
    with stock_storage.open(stored.key) as fh:
        read = b"".join(iter(lambda: fh.read(1024 * 1024), b""))
    assert read == content


def test_the_same_content_is_kept_once(stock_storage):
    first = stock_storage.store(io.BytesIO(b"same"))
    second = stock_storage.store(io.BytesIO(b"same"))
    assert first == second
    assert [item.key for item in stock_storage.keys()] == [first.key]


def test_reading_starts_at_the_beginning_of_the_file(stock_storage):
    fileobj = io.BytesIO(b"abcdef")
    fileobj.read(3)
    assert stock_storage.store(fileobj).size == 6


def test_a_stream_that_cannot_seek_is_stored_too(stock_storage):
    read_end, write_end = os.pipe()
    os.write(write_end, b"through a pipe")
    os.close(write_end)
    with open(read_end, "rb", buffering=0) as pipe:
        stored = stock_storage.store(pipe)
    assert stored.key == sha(b"through a pipe") and stored.size == 14


@pytest.mark.parametrize("key", ["../../etc/passwd", "A" * 64, "0" * 63, "", None, "g" * 64])
def test_keys_that_are_not_sha256_are_refused(stock_storage, key):
    assert stock_storage.exists(key) is False
    with pytest.raises(StorageError):
        stock_storage.open(key)


def test_a_missing_key_is_a_storage_error(stock_storage):
    assert stock_storage.exists("0" * 64) is False
    with pytest.raises(StorageError):
        stock_storage.open("0" * 64)
    with pytest.raises(StorageError):
        stock_storage.size("0" * 64)


def test_keys_lists_what_is_stored_with_its_time_and_delete_forgets_it(stock_storage):
    before = dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=5)
    keys = {stock_storage.store(io.BytesIO(content)).key for content in (b"one", b"two", b"three")}
    listed = {item.key: item.stored_at for item in stock_storage.keys()}
    assert set(listed) == keys
    assert all(before <= at <= dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=5) for at in listed.values())
    gone = sha(b"two")
    stock_storage.delete(gone)
    stock_storage.delete(gone)  # deleting what is not there is no error
    assert not stock_storage.exists(gone)
    assert {item.key for item in stock_storage.keys()} == keys - {gone}


def test_storing_again_renews_the_stored_time(stock_storage):
    key = stock_storage.store(io.BytesIO(b"renewed")).key
    first = next(item.stored_at for item in stock_storage.keys() if item.key == key)
    time.sleep(1.1)  # S3 times have whole seconds
    stock_storage.store(io.BytesIO(b"renewed"))
    assert next(item.stored_at for item in stock_storage.keys() if item.key == key) > first


@pytest.fixture(params=["folder", "s3"])
def unreachable_storage(request, tmp_path, seaweedfs):
    """Each backend pointed at a storage that is not there: a folder under a file, a closed port."""
    if request.param == "folder":
        blocker = tmp_path / "not-a-folder"
        blocker.write_bytes(b"")
        return FolderStorage(str(blocker / "files"))
    settings = seaweedfs.settings("any-bucket")
    with __import__("socket").socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed_port = sock.getsockname()[1]
    settings["cc.storage.s3.endpoint_url"] = f"http://127.0.0.1:{closed_port}"
    return S3Storage.from_settings(settings)


def test_an_unreachable_storage_says_so_rather_than_not_found(unreachable_storage):
    with pytest.raises(StorageUnavailable):
        unreachable_storage.store(io.BytesIO(b"lost"))
    with pytest.raises(StorageUnavailable):
        unreachable_storage.open(sha(b"lost"))
    assert not issubclass(StorageUnavailable, StorageError)


def test_settings_choose_the_backend(tmp_path, s3_settings):
    assert isinstance(storage_from_settings({"cc.files_dir": str(tmp_path)}), FolderStorage)
    s3 = storage_from_settings(s3_settings)
    assert isinstance(s3, S3Storage) and s3.bucket == s3_settings["cc.storage.s3.bucket"]
    assert s3.prefix == s3_settings["cc.storage.s3.prefix"]
    with pytest.raises(StorageConfigError, match="cc.storage"):
        backend_from_settings({}, "ftp")
    with pytest.raises(StorageConfigError, match="cc.storage.s3.bucket"):
        storage_from_settings({"cc.storage": "s3"})


def test_a_missing_bucket_stops_start_up_and_says_so(seaweedfs, cc_base_settings):
    from cc_core import make_app
    from cc_core.plugins import build_plugin_manager

    settings = {**cc_base_settings, **seaweedfs.settings("no-such-bucket-here")}
    with pytest.raises(StorageConfigError) as refused:
        make_app(settings, plugin_manager=build_plugin_manager(settings, only=()))
    assert "'no-such-bucket-here'" in str(refused.value) and "does not exist" in str(refused.value)
    assert "cc.storage.s3.bucket" in str(refused.value)


@pytest.mark.parametrize("which", ["access_key_id", "secret_access_key"])
def test_wrong_credentials_stop_start_up_and_say_so(seaweedfs, which):
    settings = seaweedfs.settings()
    settings[f"cc.storage.s3.{which}"] = "wrong-" + which
    with pytest.raises(StorageConfigError) as refused:
        S3Storage.from_settings(settings).check()
    assert "refused the credentials" in str(refused.value)
    assert "cc.storage.s3.access_key_id" in str(refused.value)


def test_the_right_settings_pass_the_start_up_check(s3_settings):
    S3Storage.from_settings(s3_settings).check()
