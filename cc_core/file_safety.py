"""Which uploaded files are refused, by what they contain, and what type a file is labelled with.

People attach whatever shows their problem: logs (``gateway.log``,
``app.log.1``), browser recordings (``.har``), screen videos, phone
photos (``.heic``), archives and office documents.  A list of allowed
types guessed from the name refused most of them as
``application/octet-stream``.  The rule is now the other way round:

* every file is accepted, **except** one whose *content* is dangerous:
  a program (Windows PE, ELF, Mach-O, Java class files and Windows
  shortcuts, known by their first bytes whatever the name says), or a
  markup document (HTML, SVG, XML, XHTML) that holds script: a
  ``<script>`` element, an ``on...=`` event handler, a ``javascript:``
  link, or an embedded frame or object;
* a name that Windows runs when it is opened (``.exe``, ``.bat``,
  ``.js``, ``.vbs``, ``.ps1``...) is refused too, whatever it holds:
  those run without looking like programs;
* every download is served so that it cannot run in the portal's origin
  whatever slipped through (the requests plugin's ``attachments``:
  ``Content-Disposition: attachment``, ``nosniff`` and a sandboxing
  ``Content-Security-Policy``).

Only the start of the file is read for programs; markup is searched in
its first :data:`MARKUP_SCAN_BYTES`.
"""
from __future__ import annotations

import mimetypes
import re

#: How much of a markup file is searched for script.
MARKUP_SCAN_BYTES = 1024 * 1024

#: First bytes of programs.
_PROGRAM_MAGIC = (
    b"MZ\x90\x00",                           # Windows and DOS executables with the usual stub
    b"\x7fELF",                              # Linux and Unix programs and libraries
    b"\xfe\xed\xfa\xce", b"\xfe\xed\xfa\xcf",  # Mach-O (macOS), 32 and 64 bit
    b"\xce\xfa\xed\xfe", b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe", b"\xbe\xba\xfe\xca",  # Mach-O universal binaries, Java class files
    b"L\x00\x00\x00\x01\x14\x02\x00",        # Windows shortcuts (.lnk)
)

#: Names Windows runs, or hands to an interpreter, when they are opened.
RUN_ON_OPEN = frozenset((
    ".exe", ".com", ".scr", ".pif", ".cpl", ".msi", ".msp", ".dll", ".bat", ".cmd", ".vbs", ".vbe", ".js",
    ".jse", ".wsf", ".wsh", ".ps1", ".psm1", ".hta", ".lnk", ".reg", ".jar", ".app", ".appx", ".msix",
    ".application", ".gadget", ".scf", ".inf",
))

_MARKUP_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|svg|\?xml|head|body)\b",
                           re.IGNORECASE | re.DOTALL)
_MARKUP_NAMES = frozenset((".html", ".htm", ".xhtml", ".xht", ".svg", ".svgz", ".xml", ".xsl", ".xslt", ".mht",
                           ".mhtml", ".shtml"))
#: Elements that run script or pull in other documents, as they start a tag (text made lower case).
_ACTIVE_TAGS = (b"<script", b"<iframe", b"<frame", b"<object", b"<embed", b"<foreignobject", b"<applet",
                b"<handler", b"<listener", b"<meta http-equiv")
_ACTIVE_URLS = (b"javascript:", b"vbscript:")
#: The same elements in a namespace (``<x:script>``); bounded, so a hostile file cannot make it slow.
_NAMESPACED_TAG = re.compile(rb"<[a-z0-9_.-]{1,40}:(?:script|iframe|handler|listener|foreignobject)\b")
#: An event handler attribute such as ``onload=``; counted only inside a tag.
_HANDLER = re.compile(rb"[\s\"'/]on[a-z]{3,30}\s*=")
#: How far back a handler looks for the ``<`` of its tag.
_TAG_REACH = 2000


def _has_script(head: bytes) -> bool:
    """Whether markup holds script: by plain searches and bounded patterns, in time linear in its size."""
    text = head.lower().translate(None, b"\t\n\r\x00")   # browsers drop these inside URLs and names
    if any(token in text for token in _ACTIVE_TAGS + _ACTIVE_URLS) or _NAMESPACED_TAG.search(text):
        return True
    for match in _HANDLER.finditer(head.lower()):
        start = match.start()
        window = max(0, start - _TAG_REACH)
        if head.rfind(b"<", window, start) > head.rfind(b">", window, start):
            return True
    return False


PROGRAM, SCRIPT = "program", "script"
_NUMBERED = re.compile(r"(\.\d+)+$")

#: Types Python's table lacks or gets wrong for what customers attach.
_EXTRA_TYPES = {
    ".log": "text/plain", ".out": "text/plain", ".text": "text/plain", ".md": "text/markdown",
    ".har": "application/json", ".ndjson": "application/x-ndjson", ".yaml": "application/yaml",
    ".yml": "application/yaml", ".heic": "image/heic", ".heif": "image/heif", ".avif": "image/avif",
    ".mp4": "video/mp4", ".m4v": "video/mp4", ".mov": "video/quicktime", ".webm": "video/webm",
    ".mkv": "video/x-matroska", ".7z": "application/x-7z-compressed", ".rar": "application/vnd.rar",
    ".gz": "application/gzip", ".tgz": "application/gzip", ".zip": "application/zip",
    ".msg": "application/vnd.ms-outlook", ".eml": "message/rfc822", ".pcap": "application/vnd.tcpdump.pcap",
    ".pcapng": "application/vnd.tcpdump.pcap",
}

#: Types a browser would run or render as a page: never sent under their own name.
ACTIVE_TYPES = frozenset((
    "text/html", "application/xhtml+xml", "image/svg+xml", "application/xml", "text/xml", "text/xsl",
    "application/javascript", "text/javascript", "application/x-javascript", "multipart/related",
    "message/rfc822", "application/x-shockwave-flash",
))


def _extensions(filename: str) -> list[str]:
    name = filename.lower()
    return ["." + part for part in name.split(".")[1:]]


def content_type(filename: str) -> str:
    """The type a file is stored and labelled with, from its name (``application/octet-stream`` if unknown).

    Numbered copies count as the original (``gateway.log.1`` is a log).
    """
    name = _NUMBERED.sub("", filename.lower())
    extensions = _extensions(name)
    if extensions[-2:-1] == [".tar"]:   # logs.tar.gz is a tar archive, compressed
        return "application/x-tar"
    if extensions and extensions[-1] in _EXTRA_TYPES:
        return _EXTRA_TYPES[extensions[-1]]
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def dangerous(filename: str, fileobj) -> str | None:
    """:data:`PROGRAM` or :data:`SCRIPT` when the file must be refused, else ``None``.

    ``fileobj`` is read from the start and left at the start.
    """
    fileobj.seek(0)
    head = fileobj.read(MARKUP_SCAN_BYTES)
    fileobj.seek(0)
    extensions = _extensions(filename)
    if head.startswith(_PROGRAM_MAGIC) or _portable_executable(head) or (extensions and extensions[-1] in RUN_ON_OPEN):
        return PROGRAM
    looks_like_markup = bool(_MARKUP_START.match(head[:4096])) or (extensions and extensions[-1] in _MARKUP_NAMES)
    if looks_like_markup and _has_script(head):
        return SCRIPT
    return None


def _portable_executable(head: bytes) -> bool:
    """A Windows program (PE) whatever its DOS stub: ``MZ``, and at the offset stored at 0x3c, ``PE\\0\\0``."""
    if not head.startswith(b"MZ") or len(head) < 0x40:
        return False
    offset = int.from_bytes(head[0x3C:0x40], "little")
    return head[offset:offset + 4] == b"PE\x00\x00"


def served_type(stored: str) -> str:
    """The ``Content-Type`` a download goes out with: never one a browser would render as a page."""
    return "application/octet-stream" if not stored or stored in ACTIVE_TYPES else stored
