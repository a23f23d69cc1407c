"""The limits a received mail must keep before anything reads it further.

A mailbox takes whatever the internet sends: a 50 MB message, a header
block of a megabyte, thousands of nested parts, an archive that unpacks
to gigabytes.  Each is refused here with a reason, before the message
costs memory or time further on, so a hostile message cannot stop the
worker that reads the mailbox.
"""
from __future__ import annotations

import io
import zipfile

DEFAULT_MAX_BYTES = 25 * 1024 * 1024
MAX_HEADER_BYTES = 256 * 1024
MAX_HEADER_LINE = 16 * 1024
MAX_HEADERS = 500
MAX_PARTS = 200
MAX_DEPTH = 20
MAX_ATTACHMENTS = 50
MAX_RECIPIENTS = 100
#: An archive may unpack to at most this many times its size, and at most ``MAX_UNPACKED``.
MAX_RATIO = 100
MAX_UNPACKED = 500 * 1024 * 1024
_ARCHIVES = ("application/zip", "application/x-zip-compressed")


class LimitExceeded(Exception):
    """A limit was exceeded; the message says which."""


def max_bytes(settings) -> int:
    """The largest message accepted (``mail.inbound.max_bytes``)."""
    return int(settings.get("mail.inbound.max_bytes") or DEFAULT_MAX_BYTES)


def check_size(raw: bytes, settings) -> None:
    if len(raw) > max_bytes(settings):
        raise LimitExceeded(f"the message is {len(raw)} bytes, more than the limit of {max_bytes(settings)}")
    if not raw.strip():
        raise LimitExceeded("the message is empty")


def check_header_block(raw: bytes) -> None:
    """The header block (up to the first empty line) is small, with short lines and few fields."""
    end = raw.find(b"\r\n\r\n")
    end_lf = raw.find(b"\n\n")
    ends = [position for position in (end, end_lf) if position >= 0]
    block = raw[:min(ends)] if ends else raw
    if len(block) > MAX_HEADER_BYTES:
        raise LimitExceeded(f"the header block is more than {MAX_HEADER_BYTES} bytes")
    lines = block.split(b"\n")
    if any(len(line) > MAX_HEADER_LINE for line in lines):
        raise LimitExceeded(f"a header line is longer than {MAX_HEADER_LINE} bytes")
    fields = sum(1 for line in lines if line[:1] not in (b" ", b"\t"))
    if fields > MAX_HEADERS:
        raise LimitExceeded(f"more than {MAX_HEADERS} header fields")
    if b"\x00" in block:
        raise LimitExceeded("the header block holds a NUL byte")
    try:
        block.decode("utf-8")  # RFC 6532: raw header bytes are ASCII or UTF-8, nothing else
    except UnicodeDecodeError:
        raise LimitExceeded("the header block holds bytes that are neither ASCII nor UTF-8") from None


def check_structure(msg) -> None:
    """Few parts, shallow nesting, and no MIME defect that makes the parts uncertain."""
    _walk(msg, 0, [0])


_FATAL_DEFECTS = ("NoBoundaryInMultipartDefect", "StartBoundaryNotFoundDefect", "CloseBoundaryNotFoundDefect",
                  "MultipartInvariantViolationDefect", "InvalidBase64CharactersDefect",
                  "InvalidBase64PaddingDefect", "InvalidBase64LengthDefect", "MissingHeaderBodySeparatorDefect",
                  "InvalidMultipartContentTransferEncodingDefect", "MisplacedEnvelopeHeaderDefect")


def _walk(part, depth: int, count: list[int]) -> None:
    count[0] += 1
    if count[0] > MAX_PARTS:
        raise LimitExceeded(f"more than {MAX_PARTS} MIME parts")
    if depth > MAX_DEPTH:
        raise LimitExceeded(f"MIME parts nested more than {MAX_DEPTH} deep")
    for defect in part.defects:
        if type(defect).__name__ in _FATAL_DEFECTS:
            raise LimitExceeded(f"broken MIME structure: {type(defect).__name__}")
    if part.is_multipart():
        payload = part.get_payload()
        if not isinstance(payload, list) or not payload:
            raise LimitExceeded("broken MIME structure: a multipart without parts")
        for child in payload:
            _walk(child, depth + 1, count)


def check_archive(filename: str, content_type: str, data: bytes, settings) -> None:
    """A zip archive that would unpack to far more than it weighs (a zip bomb) is refused.

    Only the archive's directory is read: nothing is unpacked.
    """
    if content_type not in _ARCHIVES and not filename.lower().endswith(".zip"):
        return
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise LimitExceeded(f"the attachment {filename!r} is not a readable zip archive") from None
    if unpacked > MAX_UNPACKED or unpacked > MAX_RATIO * max(len(data), 1):
        raise LimitExceeded(f"the attachment {filename!r} unpacks to {unpacked} bytes (a compression bomb)")
