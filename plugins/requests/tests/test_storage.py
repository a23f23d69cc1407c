"""cc_core.storage (through the api): content-addressed files in a folder."""
import hashlib
import io
import os

import pytest

from cc_core import api

FolderStorage, StorageError, storage_from_settings = api.FolderStorage, api.StorageError, api.storage_from_settings


@pytest.fixture
def storage(tmp_path):
    return FolderStorage(str(tmp_path / "files"))


def test_a_file_is_stored_under_its_sha256_and_read_back(storage):
    content = b"hello attachment\n" * 1000
    stored = storage.store(io.BytesIO(content))
    assert stored.key == hashlib.sha256(content).hexdigest() and stored.size == len(content)
    assert storage.exists(stored.key) and storage.size(stored.key) == len(content)
    with storage.open(stored.key) as fh:
        assert fh.read() == content
    assert storage.path(stored.key).endswith(os.path.join(stored.key[:2], stored.key[2:4], stored.key))


def test_the_same_content_is_kept_once_and_nothing_is_left_behind(storage):
    first = storage.store(io.BytesIO(b"same"))
    second = storage.store(io.BytesIO(b"same"))
    assert first == second
    assert os.listdir(os.path.join(storage.root, "incoming")) == []


def test_reading_starts_at_the_beginning_of_the_file(storage):
    fileobj = io.BytesIO(b"abcdef")
    fileobj.read(3)
    assert storage.store(fileobj).size == 6


@pytest.mark.parametrize("key", ["../../etc/passwd", "A" * 64, "0" * 63, "", None, "g" * 64])
def test_keys_that_are_not_sha256_are_refused(storage, key):
    assert storage.exists(key) is False
    with pytest.raises(StorageError):
        storage.path(key)
    with pytest.raises(StorageError):
        storage.open(key)


def test_a_missing_key_is_a_storage_error(storage):
    with pytest.raises(StorageError):
        storage.open("0" * 64)
    with pytest.raises(StorageError):
        storage.size("0" * 64)


def test_a_failed_write_leaves_no_partial_file(storage):
    class Broken(io.BytesIO):
        def read(self, *args):
            raise OSError("disk went away")

    with pytest.raises(OSError):
        storage.store(Broken(b"x"))
    assert os.listdir(os.path.join(storage.root, "incoming")) == []


def make_memory_storage(settings):
    return {"made_with": settings["cc.files_dir"]}


def test_settings_choose_the_folder_or_another_backend(tmp_path):
    folder = storage_from_settings({"cc.files_dir": str(tmp_path / "x")})
    assert isinstance(folder, FolderStorage) and folder.root == str(tmp_path / "x")
    assert storage_from_settings({}).root.endswith(os.path.join("var", "files"))
    other = storage_from_settings({"cc.storage.factory": f"{__name__}:make_memory_storage", "cc.files_dir": "y"})
    assert other == {"made_with": "y"}
