"""File objects a storage backend needs around its transfers.

:class:`ObjectReader` turns an object store's response body into a file
object whose network failures say :class:`~cc_core.storage.StorageUnavailable`;
:func:`content_hash` and :class:`SeekableSource` let a backend learn a
file's key (its SHA-256) before sending it, in one pass that holds no
more than a chunk in memory.
"""
from __future__ import annotations

import hashlib
import shutil
import tempfile
from typing import BinaryIO

from .storage_base import CHUNK, StorageUnavailable


class ObjectReader:
    """A stored object being read: a file object whose transfer errors say "unavailable".

    ``failures`` are the exception types of the client library that mean
    the store stopped answering mid-read (network errors are ``OSError``).
    """

    def __init__(self, body, size: int, failures: tuple = ()):
        self._body = body
        self.size = int(size)
        self._failures = (OSError, *failures)

    def read(self, amount: int = -1) -> bytes:
        try:
            return self._body.read(None if amount is None or amount < 0 else amount)
        except self._failures as exc:
            raise StorageUnavailable(f"the object store stopped answering: {exc}") from exc

    def close(self) -> None:
        self._body.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


def content_hash(source: BinaryIO) -> tuple[str, int]:
    """The SHA-256 (hex) and size of what is left to read in ``source``, read in chunks."""
    digest = hashlib.sha256()
    size = 0
    while chunk := source.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


class SeekableSource:
    """``fileobj`` itself when it can seek, else a copy spooled to a temporary file."""

    def __init__(self, fileobj: BinaryIO):
        self.fileobj = fileobj
        self.spool = None

    def __enter__(self) -> BinaryIO:
        seekable = getattr(self.fileobj, "seekable", None)
        if seekable is not None and seekable():
            return self.fileobj
        self.spool = tempfile.TemporaryFile()
        shutil.copyfileobj(self.fileobj, self.spool, CHUNK)
        return self.spool

    def __exit__(self, *exc):
        if self.spool is not None:
            self.spool.close()
        return False
