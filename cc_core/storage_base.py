"""What every storage backend shares: the contract, its errors and what a key is.

Apart from :mod:`cc_core.storage` (which chooses and builds the backend)
so that a backend module can use these without importing the module that
imports it.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import BinaryIO, Iterator, Protocol

CHUNK = 1024 * 1024
KEY_PATTERN = re.compile(r"^[0-9a-f]{64}$")


class StorageError(Exception):
    """A key that is malformed, or names no stored file."""


class StorageUnavailable(Exception):
    """The storage cannot be reached or refuses to work just now.

    Not a :class:`StorageError`: the file may well exist, so nobody should
    answer "not found" or forget a key because of it.
    """


class StorageConfigError(Exception):
    """The storage settings cannot work (a missing bucket, refused credentials): stops start-up."""


@dataclasses.dataclass(frozen=True)
class StoredFile:
    """What :meth:`Storage.store` answers: the key (SHA-256, hex) and the size."""

    key: str
    size: int


@dataclasses.dataclass(frozen=True)
class StoredKey:
    """What :meth:`Storage.keys` yields: a key and when it was last stored (UTC)."""

    key: str
    stored_at: dt.datetime


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

    def keys(self) -> Iterator[StoredKey]:
        """Every stored key with the time it was last stored, in no particular order."""

    def delete(self, key: str) -> None:
        """Forget ``key``; nothing happens when it is not stored."""


def check_key(key: str) -> str:
    """``key`` if it is a SHA-256 in lower-case hex, else :class:`StorageError`.

    Keys become file paths: anything else (``../``, say) is refused.
    """
    if not isinstance(key, str) or not KEY_PATTERN.match(key):
        raise StorageError("not a storage key")
    return key
