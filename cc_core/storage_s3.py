"""Attachments in an object store that speaks the S3 API (``cc.storage = s3``).

Several hosts behind a load balancer share one bucket, so a file stored
through one is served by any other.  Objects are named like the folder
backend's files, by the SHA-256 of their content (the *key*), under an
optional prefix: the same bytes are one object, and ``cc files migrate``
moves files between the two backends without renaming anything.

Settings (``cc.storage.s3.``): ``endpoint_url`` (empty for AWS), ``bucket``,
``prefix``, ``region``, ``access_key_id`` and ``secret_access_key`` (empty:
the standard AWS environment variables, credential files and instance
roles), ``part_size`` (bytes per uploaded part, default 8 MiB),
``presigned_downloads`` and ``presigned_ttl`` (see :meth:`S3Storage.download_url`).

Uploads never hold a whole file in memory: the content is hashed in one
pass over the (spooled) upload, then sent in parts of ``part_size``.
Anything the object store or the network does wrong becomes
:class:`~cc_core.storage.StorageUnavailable`, a missing object
:class:`~cc_core.storage.StorageError`.
"""
from __future__ import annotations

import datetime as dt
from typing import BinaryIO, Iterator

from .storage_base import StorageConfigError, StorageError, StorageUnavailable, StoredFile, StoredKey, check_key
from .storage_streams import ObjectReader, SeekableSource, content_hash

DEFAULT_PART_SIZE = 8 * 1024 * 1024
#: S3 refuses parts smaller than this (except the last).
MIN_PART_SIZE = 5 * 1024 * 1024
#: Long enough to start a download, short enough that a copied link soon stops working.
DEFAULT_PRESIGNED_TTL = 60
_MISSING = ("404", "NoSuchKey", "NotFound")
_REFUSED = ("401", "403", "AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch", "Forbidden")


def _errors():
    from botocore.exceptions import BotoCoreError, ClientError

    return BotoCoreError, ClientError


def _code(exc) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))


class S3Storage:
    """Content-addressed files as objects ``<prefix><sha256>`` in one bucket."""

    def __init__(self, client, bucket: str, prefix: str = "", part_size: int = DEFAULT_PART_SIZE,
                 endpoint_url: str = "", presigned_ttl: int = 0):
        if not bucket:
            raise StorageConfigError("cc.storage = s3 needs a bucket: set cc.storage.s3.bucket")
        self.client = client
        self.bucket = bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        self.part_size = max(int(part_size), MIN_PART_SIZE)
        self.endpoint_url = endpoint_url
        #: Seconds a presigned download link lives; 0: downloads go through the portal.
        self.presigned_ttl = int(presigned_ttl)

    @classmethod
    def from_settings(cls, settings: dict) -> "S3Storage":
        import boto3
        from botocore.config import Config

        def setting(name, default=""):
            return (settings.get(f"cc.storage.s3.{name}") or default).strip()

        endpoint = setting("endpoint_url")
        config = Config(
            signature_version="s3v4",
            # Object stores other than AWS seldom resolve bucket host names.
            s3={"addressing_style": "path" if endpoint else "auto"},
            # Fail within seconds when the store is down: the visitor gets a
            # page saying so instead of a hung worker.
            connect_timeout=5, read_timeout=60, retries={"max_attempts": 3, "mode": "standard"})
        credentials = {}
        if setting("access_key_id"):
            credentials = {"aws_access_key_id": setting("access_key_id"),
                           "aws_secret_access_key": setting("secret_access_key")}
        client = boto3.session.Session().client(
            "s3", endpoint_url=endpoint or None, region_name=setting("region") or None, config=config,
            **credentials)
        from pyramid.settings import asbool

        presigned = asbool(settings.get("cc.storage.s3.presigned_downloads", False))
        return cls(client, setting("bucket"), setting("prefix"),
                   int(setting("part_size", str(DEFAULT_PART_SIZE))), endpoint,
                   int(setting("presigned_ttl", str(DEFAULT_PRESIGNED_TTL))) if presigned else 0)

    # -- naming and errors --------------------------------------------------
    def name(self, key: str) -> str:
        """The object name of ``key``."""
        return self.prefix + check_key(key)

    def _unavailable(self, exc) -> StorageUnavailable:
        where = self.endpoint_url or "AWS S3"
        return StorageUnavailable(f"object store {where}, bucket {self.bucket!r}: {exc}")

    def _head(self, key: str) -> dict | None:
        """The object's metadata, ``None`` when it is not stored."""
        boto_error, client_error = _errors()
        try:
            return self.client.head_object(Bucket=self.bucket, Key=self.name(key))
        except client_error as exc:
            if _code(exc) in _MISSING:
                return None
            raise self._unavailable(exc) from exc
        except boto_error as exc:
            raise self._unavailable(exc) from exc

    # -- the Storage interface ----------------------------------------------
    def check(self) -> None:
        """Stop start-up when the bucket is missing or the credentials are refused, saying which."""
        boto_error, client_error = _errors()
        from botocore.exceptions import NoCredentialsError

        where = f"the bucket {self.bucket!r} at {self.endpoint_url or 'AWS S3'}"
        try:
            self.client.head_bucket(Bucket=self.bucket)
        except client_error as exc:
            code = _code(exc)
            if code in _MISSING or code == "NoSuchBucket":
                raise StorageConfigError(
                    f"{where} does not exist: create it, or correct cc.storage.s3.bucket "
                    f"(and cc.storage.s3.endpoint_url)") from exc
            if code in _REFUSED:
                raise StorageConfigError(
                    f"{where} refused the credentials: check cc.storage.s3.access_key_id and "
                    f"cc.storage.s3.secret_access_key (or the AWS environment and credential files) "
                    f"and that they may read and write the bucket") from exc
            raise StorageConfigError(f"{where} answered {code}: {exc}") from exc
        except NoCredentialsError as exc:
            raise StorageConfigError(
                f"no credentials for {where}: set cc.storage.s3.access_key_id and "
                f"cc.storage.s3.secret_access_key, or the AWS environment") from exc
        except boto_error as exc:
            raise StorageConfigError(f"{where} cannot be reached: check cc.storage.s3.endpoint_url ({exc})") \
                from exc

    def store(self, fileobj: BinaryIO) -> StoredFile:
        with SeekableSource(fileobj) as source:
            source.seek(0)
            key, size = content_hash(source)
            if self._renew(key):
                return StoredFile(key=key, size=size)
            source.seek(0)
            boto_error, client_error = _errors()
            try:
                if size <= self.part_size:
                    self.client.put_object(Bucket=self.bucket, Key=self.name(key), Body=source.read(),
                                           ContentLength=size)
                else:
                    self._upload_parts(key, source)
            except (boto_error, client_error) as exc:
                raise self._unavailable(exc) from exc
        return StoredFile(key=key, size=size)

    def _upload_parts(self, key: str, source: BinaryIO) -> None:
        """A multipart upload, one part in memory at a time; aborted on failure so no parts linger."""
        name = self.name(key)
        upload_id = self.client.create_multipart_upload(Bucket=self.bucket, Key=name)["UploadId"]
        try:
            parts = []
            number = 1
            while part := source.read(self.part_size):
                answer = self.client.upload_part(Bucket=self.bucket, Key=name, UploadId=upload_id,
                                                 PartNumber=number, Body=part)
                parts.append({"PartNumber": number, "ETag": answer["ETag"]})
                number += 1
                del part
            self.client.complete_multipart_upload(Bucket=self.bucket, Key=name, UploadId=upload_id,
                                                  MultipartUpload={"Parts": parts})
        except BaseException:
            try:
                self.client.abort_multipart_upload(Bucket=self.bucket, Key=name, UploadId=upload_id)
            except Exception:  # noqa: BLE001 - the store is down; its lifecycle rule cleans up
                pass
            raise

    def _renew(self, key: str) -> bool:
        """If ``key`` is stored, make its stored time now (the orphan sweep's grace period) and say so.

        Copying an object onto itself with new metadata is the S3 way to
        renew its time without sending the content again.
        """
        if self._head(key) is None:
            return False
        boto_error, client_error = _errors()
        name = self.name(key)
        try:
            self.client.copy_object(Bucket=self.bucket, Key=name, CopySource={"Bucket": self.bucket, "Key": name},
                                    MetadataDirective="REPLACE",
                                    Metadata={"stored-at": dt.datetime.now(dt.timezone.utc).isoformat()})
        except (boto_error, client_error) as exc:
            raise self._unavailable(exc) from exc
        return True

    def open(self, key: str) -> BinaryIO:
        boto_error, client_error = _errors()
        try:
            answer = self.client.get_object(Bucket=self.bucket, Key=self.name(key))
        except client_error as exc:
            if _code(exc) in _MISSING:
                raise StorageError(f"no stored file {key}") from exc
            raise self._unavailable(exc) from exc
        except boto_error as exc:
            raise self._unavailable(exc) from exc
        return ObjectReader(answer["Body"], answer["ContentLength"], failures=(boto_error,))

    def exists(self, key: str) -> bool:
        try:
            return self._head(key) is not None
        except StorageError:
            return False

    def size(self, key: str) -> int:
        head = self._head(key)
        if head is None:
            raise StorageError(f"no stored file {key}")
        return int(head["ContentLength"])

    def keys(self) -> Iterator[StoredKey]:
        boto_error, client_error = _errors()
        try:
            for page in self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket,
                                                                              Prefix=self.prefix):
                for item in page.get("Contents", ()):
                    key = item["Key"][len(self.prefix):]
                    try:
                        yield StoredKey(check_key(key), item["LastModified"])
                    except StorageError:
                        continue  # something else shares the prefix: not ours
        except (boto_error, client_error) as exc:
            raise self._unavailable(exc) from exc

    def download_url(self, key: str, content_disposition: str, content_type: str) -> str | None:
        """A short-lived link that serves ``key`` with these headers, or ``None`` when not enabled.

        Enabled by ``cc.storage.s3.presigned_downloads``: the visitor's
        browser then fetches the bytes from the object store directly, after
        the portal has checked access.  The signed response parameters make
        the store answer with the portal's disposition and type, so the file
        is saved, never rendered, whatever it contains.
        """
        if not self.presigned_ttl:
            return None
        if self._head(key) is None:
            raise StorageError(f"no stored file {key}")
        params = {"Bucket": self.bucket, "Key": self.name(key), "ResponseContentDisposition": content_disposition,
                  "ResponseContentType": content_type, "ResponseCacheControl": "private, no-store"}
        return self.client.generate_presigned_url("get_object", Params=params, ExpiresIn=self.presigned_ttl)

    def delete(self, key: str) -> None:
        boto_error, client_error = _errors()
        try:
            self.client.delete_object(Bucket=self.bucket, Key=self.name(key))
        except (boto_error, client_error) as exc:
            raise self._unavailable(exc) from exc
