"""Uploaded files: a colander type that checks size and type before anything is stored."""
from __future__ import annotations

import dataclasses
import os
import re
import typing

import colander
from babel.units import format_unit

from .. import file_safety
from ..i18n import _
from ..storage import StoredFile

#: Longest stored file name, extension included.
MAX_FILENAME = 200
_EXTENSION = re.compile(r"(\.[A-Za-z0-9]{1,10}){1,2}$")


@dataclasses.dataclass
class UploadedFile:
    """A file that passed the size and type checks, not yet stored anywhere."""

    filename: str
    content_type: str
    size: int
    file: typing.BinaryIO

    def read(self) -> bytes:
        self.file.seek(0)
        return self.file.read()

    def store(self, storage) -> StoredFile:
        """Send the content to ``storage``; its key and size."""
        self.file.seek(0)
        return storage.store(self.file)


@dataclasses.dataclass(frozen=True)
class KeptFile:
    """A file an earlier post of the form sent and that is stored already."""

    filename: str
    content_type: str
    size: int
    key: str
    stored_at: float

    def store(self, storage) -> StoredFile:
        """Already stored: nothing to send again."""
        return StoredFile(key=self.key, size=self.size)

    def as_state(self, person_id) -> dict:
        return {"name": self.filename, "type": self.content_type, "size": self.size, "key": self.key,
                "at": self.stored_at, "by": person_id}


def safe_filename(name: str) -> str:
    """A file name without folders, control characters or leading dots."""
    name = os.path.basename((name or "").replace("\\", "/"))
    name = "".join(ch for ch in name if ch.isprintable() and ch not in '<>:"/\\|?*').strip().lstrip(".")
    if len(name) > MAX_FILENAME:
        # Cut the stem, not the extension: the type is read from the extension.
        # ``.tar.gz`` is one type: keep up to two short suffixes.
        match = _EXTENSION.search(name)
        extension = match.group(0) if match else ""
        name = name[:MAX_FILENAME - len(extension)].rstrip() + extension
    return name or "file"


class FileUpload(colander.SchemaType):
    """A colander type for one uploaded file, checked before it is stored.

    Node attributes: ``max_bytes`` (a number, or a callable taking the
    request's settings), ``allowed_types`` (MIME types or ``type/*``
    patterns; leave it out to accept any type) and ``refuse_dangerous``
    (refuse programs and markup with script by their content, see
    :mod:`cc_core.file_safety`).  The type is taken from the file name,
    not from what the browser claims.
    """

    def serialize(self, node, appstruct):
        return colander.null

    def deserialize(self, node, cstruct):
        if isinstance(cstruct, KeptFile):
            return cstruct  # checked when it was first sent
        if cstruct in (colander.null, None, b"", "") or not hasattr(cstruct, "file"):
            return colander.null
        if not getattr(cstruct, "filename", None):
            return colander.null
        fp = cstruct.file
        fp.seek(0, os.SEEK_END)
        size = fp.tell()
        fp.seek(0)
        filename = safe_filename(cstruct.filename)
        max_bytes = getattr(node, "max_bytes", None)
        if max_bytes and size > max_bytes:
            raise colander.Invalid(node, _(
                "file-too-large",
                default="“${name}” is ${size}; files may be at most ${max}.",
                mapping={"name": filename, "size": human_size(size, _locale(node)),
                         "max": human_size(max_bytes, _locale(node))}))
        if size == 0:
            raise colander.Invalid(node, _("file-empty", default="“${name}” is empty.", mapping={"name": filename}))
        content_type = file_safety.content_type(filename)
        danger = file_safety.dangerous(filename, fp) if getattr(node, "refuse_dangerous", False) else None
        if danger == file_safety.PROGRAM:
            raise colander.Invalid(node, _(
                "file-is-program",
                default="“${name}” is a program, and programs cannot be attached. Describe what it does, or "
                        "attach a screenshot or a log instead.", mapping={"name": filename}))
        if danger == file_safety.SCRIPT:
            raise colander.Invalid(node, _(
                "file-has-script",
                default="“${name}” is a web page or drawing with a script in it, which cannot be attached. "
                        "Attach a screenshot of it, or save it as PDF, instead.", mapping={"name": filename}))
        allowed = getattr(node, "allowed_types", None)
        if allowed and not _type_allowed(content_type, allowed):
            raise colander.Invalid(node, _(
                "file-type-refused",
                default="“${name}” cannot be attached here: files of that kind are not accepted. "
                        "Attach a PDF, an image or a text file instead.", mapping={"name": filename}))
        return UploadedFile(filename, content_type, size, fp)


def _locale(node) -> str | None:
    """The language of the request the schema is bound to, if it is."""
    request = (getattr(node, "bindings", None) or {}).get("request")
    return getattr(request, "locale_name", None)


def _type_allowed(content_type: str, allowed) -> bool:
    for pattern in allowed:
        if pattern == content_type or (pattern.endswith("/*") and content_type.startswith(pattern[:-1])):
            return True
    return False


#: (unit, babel unit name) from the smallest; bytes are counted, larger units get one decimal.
_SIZE_UNITS = (("bytes", "digital-byte"), ("kB", "digital-kilobyte"), ("MB", "digital-megabyte"),
               ("GB", "digital-gigabyte"))


def human_size(size: int, locale: str | None = None) -> str:
    """``size`` in bytes as people read it, in ``locale`` (English when ``None``).

    The number is written the language's way ("10.0 MB", Norwegian
    "10,0 MB"), and joined to its unit by a no-break space so the two
    never land on separate lines.
    """
    value = float(size)
    for unit, babel_unit in _SIZE_UNITS:
        if value < 1024 or unit == "GB":
            break
        value /= 1024
    if unit == "bytes":
        text = format_unit(int(value), babel_unit, length="long", locale=locale or "en")
    else:
        text = format_unit(value, babel_unit, length="short", format="0.0", locale=locale or "en")
    return text.replace(" ", "\u00a0")
