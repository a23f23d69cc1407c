"""Markdown answers rendered to safe HTML, and to plain text for search.

Answers are written by staff, but imported files and future editors make
them untrusted input all the same: Markdown lets raw HTML through, so the
rendered HTML goes through ``nh3`` (the Rust ``ammonia`` sanitiser) with
an allow-list of tags, attributes and URL schemes.  Scripts, styles,
event handlers and ``javascript:``/``data:`` URLs never reach a page.
"""
from __future__ import annotations

import functools
import html
import re

import markdown
import nh3

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "code", "pre", "kbd", "blockquote",
    "ul", "ol", "li", "dl", "dt", "dd", "a", "img", "table", "thead", "tbody", "tr", "th", "td", "sup", "sub",
    "abbr", "del",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "abbr": {"title"},
    "th": {"align"},
    "td": {"align"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto"}
_EXTENSIONS = ["extra", "sane_lists"]
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACE = re.compile(r"\s+")


@functools.lru_cache(maxsize=1024)
def render(text: str) -> str:
    """Safe HTML for a Markdown answer (cached: answers change rarely).

    Headings start at ``h2`` because the page's ``h1`` is the question.
    """
    raw = markdown.markdown(text or "", extensions=_EXTENSIONS, output_format="html")
    raw = re.sub(r"<(/?)h1(\W)", r"<\1h2\2", raw)
    return nh3.clean(raw, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES,
                     link_rel="nofollow noopener noreferrer", strip_comments=True)


def plain_text(text: str) -> str:
    """The answer's words without markup, for the full-text index and snippets.

    Control characters are removed: the search highlighter uses two of them
    as markers, so they must never occur in indexed text.
    """
    stripped = nh3.clean(render(text), tags=set(), clean_content_tags={"script", "style"})
    return _SPACE.sub(" ", _CONTROL.sub("", html.unescape(stripped))).strip()
