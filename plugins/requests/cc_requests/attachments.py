"""Attachments: the upload rules, storing, and the download response.

Uploads are checked by the core's ``FileUpload`` type before anything is
stored: the size against ``cc.requests.max_attachment_bytes``, and the
content against the core's rule (:mod:`cc_core.file_safety`): any file a
customer attaches (logs, ``.har`` recordings, videos, phone photos,
archives, office documents) is accepted, except programs and web pages or
drawings with script in them.  The bytes go to the core's
content-addressed storage first (:func:`keep`), and only then are rows
made (:func:`attach`): when the storage is down nothing is saved, and no
row ever names a file that is not stored.  The row keeps the sanitised
name, the type and the hash.

A download streams the stored file as ``Content-Disposition: attachment``
with ``nosniff`` and ``Content-Security-Policy: sandbox``, under a type a
browser never renders as a page, so a browser saves it rather than
running it in the portal's origin, whatever it contains.
"""
from __future__ import annotations

import logging
import urllib.parse

import sqlalchemy as sa
from pyramid.httpexceptions import HTTPFound
from pyramid.response import FileIter, Response

from cc_core import api

from .models import Attachment, Message

log = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
#: What a download is sandboxed with: no script, no form, no plugin, not even under its own origin.
DOWNLOAD_CSP = "sandbox; default-src 'none'"


def max_attachment_bytes(settings) -> int:
    """The largest file one may attach (``cc.requests.max_attachment_bytes``)."""
    return int(settings.get("cc.requests.max_attachment_bytes", DEFAULT_MAX_BYTES))


def keep(request, uploads) -> list[tuple]:
    """Store each ``api.UploadedFile`` (a ``api.KeptFile`` is stored already); ``(upload, api.StoredFile)`` pairs.

    Call it before any row is added: ``api.StorageUnavailable`` then
    leaves nothing half-saved.
    """
    storage = api.get_storage(request)
    kept = []
    for upload in uploads or ():
        kept.append((upload, upload.store(storage)))
    return kept


def attach(message: Message, kept) -> list[Attachment]:
    """Rows for the files :func:`keep` stored, on ``message``."""
    made = []
    for upload, stored in kept:
        attachment = Attachment(request_id=message.request_id, filename=api.safe_filename(upload.filename),
                                content_type=upload.content_type[:100], size=stored.size, sha256=stored.key,
                                storage_key=stored.key, created_at=api.utcnow())
        message.attachments.append(attachment)
        made.append(attachment)
    return made


def referenced_keys(dbsession):
    """The storage key of every attachment (for the orphan sweep)."""
    return dbsession.scalars(sa.select(Attachment.storage_key).distinct())


def find(dbsession, req, attachment_id: int, internal: bool) -> Attachment | None:
    """The attachment ``attachment_id`` of ``req``; on an internal note only if ``internal``."""
    stmt = (sa.select(Attachment).join(Message, Message.id == Attachment.message_id)
            .where(Attachment.id == attachment_id, Attachment.request_id == req.id))
    if not internal:
        stmt = stmt.where(Message.is_external.is_(True))
    return dbsession.scalar(stmt)


def content_disposition(filename: str) -> str:
    """``attachment`` with an ASCII fallback and the UTF-8 name (RFC 6266)."""
    name = api.safe_filename(filename)
    fallback = "".join(ch if 32 <= ord(ch) < 127 and ch not in '"\\;' else "_" for ch in name) or "file"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{urllib.parse.quote(name, safe='')}"


def response(request, attachment: Attachment) -> Response | None:
    """Stream ``attachment``, or redirect to a presigned link; ``None`` when its bytes are missing.

    The storage may offer a short-lived direct link (``download_url``, the
    S3 backend with ``cc.storage.s3.presigned_downloads``); it carries the
    same disposition and type.
    """
    storage = api.get_storage(request)
    content_type = api.served_file_type(attachment.content_type)
    disposition = content_disposition(attachment.filename)
    try:
        url = getattr(storage, "download_url", None) and storage.download_url(
            attachment.storage_key, disposition, content_type)
        fileobj = None if url else storage.open(attachment.storage_key)
    except api.StorageError:
        log.warning("attachment %s: stored file %s is missing", attachment.id, attachment.storage_key)
        return None
    if url:
        redirect = HTTPFound(location=url)
        redirect.headers["Cache-Control"] = "private, no-store"
        redirect.headers["Referrer-Policy"] = "no-referrer"
        return redirect
    size = getattr(fileobj, "size", None)  # known to an object store's reader, saving a request
    result = Response(app_iter=FileIter(fileobj), content_type=content_type,
                      content_length=size if size is not None else storage.size(attachment.storage_key))
    if content_type.startswith("text/"):
        result.charset = None
    result.headers["Content-Disposition"] = disposition
    result.headers["X-Content-Type-Options"] = "nosniff"
    result.headers["Content-Security-Policy"] = DOWNLOAD_CSP
    result.headers["Cache-Control"] = "private, no-store"
    return result
