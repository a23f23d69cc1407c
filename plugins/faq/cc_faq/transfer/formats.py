"""The file formats: Markdown files with a small front matter, and CSV.

A folder is a directory named by its key (``billing``) holding
``_folder.md``; an article is ``<key>.md`` in its folder's directory::

    ---
    question: How do I reset my password?
    visibility: public
    position: 3
    ---
    1. Go to the login page ...

Front matter is ``key: value`` lines, one value per line, not YAML: it
needs no library and cannot execute anything.  The body is the answer
(articles) or the description (folders).
"""
from __future__ import annotations

FOLDER_FILE = "_folder.md"
CSV_COLUMNS = ("folder", "question", "answer", "visibility")
CSV_OPTIONAL = ("slug", "position")
FOLDER_SEPARATOR = "/"


class FormatError(ValueError):
    """A file that cannot be read as the format says."""


def parse_document(text: str) -> tuple[dict[str, str], str]:
    """Split a file into its front matter (a dict) and its body."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise FormatError("the file does not start with a '---' line (front matter)")
    meta: dict[str, str] = {}
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() == "---":
            return meta, "\n".join(lines[number:]).strip("\n")
        if not line.strip():
            continue
        key, sep, value = line.partition(":")
        key = key.strip().lower()
        if not sep or not key.replace("_", "").isalnum():
            raise FormatError(f"line {number} is not 'key: value'")
        if key in meta:
            raise FormatError(f"line {number} repeats '{key}'")
        meta[key] = value.strip()
    raise FormatError("the front matter has no closing '---' line")


def format_document(meta: dict[str, object], body: str) -> str:
    """The inverse of :func:`parse_document`; values are kept on one line."""
    lines = ["---"]
    for key, value in meta.items():
        lines.append(f"{key}: {' '.join(str(value).split())}")
    lines.append("---")
    return "\n".join(lines) + "\n" + (body.strip("\n") + "\n" if body.strip() else "")


def parse_position(value: str | None) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(value)
    except ValueError:
        raise FormatError(f"position {value!r} is not a whole number") from None
