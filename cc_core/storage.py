"""Content-addressed file storage for attachments and other uploads.

A file is stored under the SHA-256 of its content, its *key*.  The same
file uploaded twice is kept once, a stored file never changes, and a key
can be checked against what it names.  Names, types and who may read a
file are the business of the caller's database rows; the storage knows
only bytes.

The interface is :class:`Storage` (``store``, ``open``, ``exists``,
``size``).  The stock implementation, :class:`FolderStorage`, keeps files in
a folder (setting ``cc.files_dir``, default ``var/files``), fanned out as
``ab/cd/abcd…`` so no folder grows huge.  Several workers or hosts can
share the folder: files appear atomically (written to a temporary name,
then renamed).  Another backend (an object store, say) is a class with the
same methods, named by the setting ``cc.storage.factory`` as
``package.module:callable``; the callable receives the settings dict.

Get the portal's storage with :func:`get_storage` (from a request's
registry, created once) or :func:`storage_from_settings` (scripts).
"""
from __future__ import annotations

import dataclasses
import hashlib
import os
import re
import tempfile
from typing import BinaryIO, Protocol

from pyramid.path import DottedNameResolver

DEFAULT_DIR = os.path.join("var", "files")
CHUNK = 1024 * 1024
_KEY = re.compile(r"^[0-9a-f]{64}$")


class StorageError(Exception):
    """A key that is malformed, or names no stored file."""


@dataclasses.dataclass(frozen=True)
class StoredFile:
    """What :meth:`Storage.store` answers: the key (SHA-256, hex) and the size."""

    key: str
    size: int


class Storage(Protocol):
    """What every storage backend offers."""

    def store(self, fileobj: BinaryIO) -> StoredFile:
        """Store the content of ``fileobj`` (read from its start); return its key."""

    def open(self, key: str) -> BinaryIO:
        """A binary file object to read the content of ``key`` (close it)."""

    def exists(self, key: str) -> bool:
        """Whether ``key`` is stored."""

    def size(self, key: str) -> int:
        """The size in bytes of the content of ``key``."""


def check_key(key: str) -> str:
    """``key`` if it is a SHA-256 in lower-case hex, else :class:`StorageError`.

    Keys become file paths: anything else (``../``, say) is refused.
    """
    if not isinstance(key, str) or not _KEY.match(key):
        raise StorageError("not a storage key")
    return key


class FolderStorage:
    """Files in a folder, by content hash, fanned out by its first four digits."""

    def __init__(self, root: str):
        self.root = os.path.abspath(root)

    def path(self, key: str) -> str:
        key = check_key(key)
        return os.path.join(self.root, key[:2], key[2:4], key)

    def store(self, fileobj: BinaryIO) -> StoredFile:
        incoming = os.path.join(self.root, "incoming")
        os.makedirs(incoming, exist_ok=True)
        digest = hashlib.sha256()
        size = 0
        if hasattr(fileobj, "seek"):
            fileobj.seek(0)
        handle, temp_path = tempfile.mkstemp(dir=incoming)
        try:
            with os.fdopen(handle, "wb") as out:
                while chunk := fileobj.read(CHUNK):
                    digest.update(chunk)
                    size += len(chunk)
                    out.write(chunk)
            key = digest.hexdigest()
            final = self.path(key)
            if os.path.exists(final):
                os.unlink(temp_path)
            else:
                os.makedirs(os.path.dirname(final), exist_ok=True)
                os.chmod(temp_path, 0o640)
                # Atomic on one file system: readers see all of it or nothing.
                os.replace(temp_path, final)
        except BaseException:
            if os.path.exists(temp_path):
                os.unlink(temp_path)
            raise
        return StoredFile(key=key, size=size)

    def open(self, key: str) -> BinaryIO:
        try:
            return open(self.path(key), "rb")
        except FileNotFoundError as exc:
            raise StorageError(f"no stored file {key}") from exc

    def exists(self, key: str) -> bool:
        try:
            return os.path.isfile(self.path(key))
        except StorageError:
            return False

    def size(self, key: str) -> int:
        try:
            return os.path.getsize(self.path(key))
        except FileNotFoundError as exc:
            raise StorageError(f"no stored file {key}") from exc


def storage_from_settings(settings: dict) -> Storage:
    """The storage the settings ask for (``cc.storage.factory``, ``cc.files_dir``)."""
    factory = settings.get("cc.storage.factory")
    if factory:
        return DottedNameResolver().resolve(factory)(settings)
    return FolderStorage(settings.get("cc.files_dir") or DEFAULT_DIR)


def get_storage(request) -> Storage:
    """The running portal's storage, made on first use and kept in the registry."""
    registry = request.registry
    storage = registry.get("cc.storage")
    if storage is None:
        storage = registry["cc.storage"] = storage_from_settings(registry.settings)
    return storage


__all__ = ["Storage", "FolderStorage", "StoredFile", "StorageError", "check_key", "get_storage",
           "storage_from_settings"]
