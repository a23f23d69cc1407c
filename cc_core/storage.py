"""Content-addressed file storage for attachments and other uploads.

A file is stored under the SHA-256 of its content, its *key*.  The same
file uploaded twice is kept once, a stored file never changes, and a key
can be checked against what it names.  Names, types and who may read a
file are the business of the caller's database rows; the storage knows
only bytes.

The interface is :class:`Storage` (``store``, ``open``, ``exists``,
``size``, and for the orphan sweep ``keys`` and ``delete``).  The stock
implementation, :class:`FolderStorage`, keeps files in a folder (setting
``cc.files_dir``, default ``var/files``), fanned out as ``ab/cd/abcd…`` so
no folder grows huge.  Several workers on one host can share the folder:
files appear atomically (written to a temporary name, then renamed).
Several hosts share an object store instead: ``cc.storage = s3``
(:mod:`cc_core.storage_s3`).  Any other backend is a class with the same
methods, named by the setting ``cc.storage.factory`` as
``package.module:callable``; the callable receives the settings dict.

Two failures are told apart, because callers answer them differently: a
key that names nothing is a :class:`StorageError` (the caller answers
404), a storage that cannot be reached is :class:`StorageUnavailable` (a
503 page, a form error; it will likely work again in a moment).

Get the portal's storage with :func:`get_storage` (from a request's
registry, created once) or :func:`storage_from_settings` (scripts).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import tempfile
from typing import BinaryIO, Iterator

from pyramid.path import DottedNameResolver

from .storage_base import (CHUNK, KEY_PATTERN, Storage, StorageConfigError, StorageError,  # noqa: F401 - re-exported
                           StorageUnavailable, StoredFile, StoredKey, check_key)

DEFAULT_DIR = os.path.join("var", "files")


class FolderStorage:
    """Files in a folder, by content hash, fanned out by its first four digits."""

    def __init__(self, root: str):
        self.root = os.path.abspath(root)

    def path(self, key: str) -> str:
        key = check_key(key)
        return os.path.join(self.root, key[:2], key[2:4], key)

    def store(self, fileobj: BinaryIO) -> StoredFile:
        if getattr(fileobj, "seekable", lambda: False)():
            fileobj.seek(0)
        incoming = os.path.join(self.root, "incoming")
        try:
            os.makedirs(incoming, exist_ok=True)
            handle, temp_path = tempfile.mkstemp(dir=incoming)
        except OSError as exc:  # a share that went away, a permission changed
            raise StorageUnavailable(f"the folder {self.root} cannot be written: {exc}") from exc
        digest = hashlib.sha256()
        size = 0
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
                # Stored again now: the orphan sweep's grace period starts
                # anew, so it cannot take the file from the row being saved.
                os.utime(final)
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
        except OSError as exc:  # a share that went away, a permission changed
            raise StorageUnavailable(f"the folder {self.root} cannot be read: {exc}") from exc

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

    def keys(self) -> Iterator[StoredKey]:
        for top in _subfolders(self.root):
            for middle in _subfolders(top):
                with os.scandir(middle) as entries:
                    for entry in entries:
                        if entry.is_file() and KEY_PATTERN.match(entry.name):
                            stored = dt.datetime.fromtimestamp(entry.stat().st_mtime, dt.timezone.utc)
                            yield StoredKey(entry.name, stored)

    def delete(self, key: str) -> None:
        try:
            os.unlink(self.path(key))
        except FileNotFoundError:
            pass


def _subfolders(path: str) -> list[str]:
    """The fan-out folders (two hex digits) in ``path``; ``incoming`` and strays are not keys."""
    try:
        with os.scandir(path) as entries:
            return [entry.path for entry in entries if entry.is_dir() and re.fullmatch(r"[0-9a-f]{2}", entry.name)]
    except FileNotFoundError:
        return []


#: Values of ``cc.storage``.
BACKENDS = ("folder", "s3")


def storage_from_settings(settings: dict) -> Storage:
    """The storage the settings ask for.

    ``cc.storage.factory`` (a dotted callable) wins; else ``cc.storage``:
    ``folder`` (the default, ``cc.files_dir``) or ``s3``
    (``cc.storage.s3.*``, see :mod:`cc_core.storage_s3`).
    """
    factory = settings.get("cc.storage.factory")
    if factory:
        return DottedNameResolver().resolve(factory)(settings)
    return backend_from_settings(settings, settings.get("cc.storage") or "folder")


def backend_from_settings(settings: dict, backend: str) -> Storage:
    """The stock backend ``backend`` (one of :data:`BACKENDS`) configured by ``settings``."""
    if backend == "s3":
        from .storage_s3 import S3Storage

        return S3Storage.from_settings(settings)
    if backend == "folder":
        return FolderStorage(settings.get("cc.files_dir") or DEFAULT_DIR)
    raise StorageConfigError(f"cc.storage = {backend!r}: choose one of {', '.join(BACKENDS)}")


def get_storage(request) -> Storage:
    """The running portal's storage, made on first use and kept in the registry."""
    registry = request.registry
    storage = registry.get("cc.storage")
    if storage is None:
        storage = registry["cc.storage"] = storage_from_settings(registry.settings)
    return storage


def includeme(config):
    """Make the storage when the portal starts and check that it works.

    A storage that cannot work (``check()`` raises
    :class:`StorageConfigError`) stops start-up with the reason, rather
    than the first upload failing hours later.
    """
    storage = storage_from_settings(config.get_settings())
    check = getattr(storage, "check", None)
    if check is not None:
        check()
    config.registry["cc.storage"] = storage


__all__ = ["Storage", "FolderStorage", "StoredFile", "StoredKey", "StorageError", "StorageUnavailable",
           "StorageConfigError", "BACKENDS", "check_key", "get_storage", "storage_from_settings",
           "backend_from_settings"]
