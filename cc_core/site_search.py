"""The portal-wide search behind the home page's "How can we help?" box.

The core owns no content, so it asks the plugins: each implementation of
``cc_search_sections`` searches what it keeps (the FAQ its articles, the
requests plugin the visitor's own requests) and returns one
:class:`SearchSection`.  The results page and the suggestions shown while
typing are the same call with a different ``limit`` and ``typing`` flag,
so both find the same things.
"""
from __future__ import annotations

import dataclasses

from .collectors import collect

#: Longer search text is cut: nobody types more into a search box, and
#: every search's cost grows with the words (the plugins' own lists too).
MAX_QUERY = 200


@dataclasses.dataclass(frozen=True)
class SearchHit:
    """One thing found: its title, where it is, and a line of plain text to show why."""

    title: str
    url: str
    snippet: str = ""


@dataclasses.dataclass(frozen=True)
class SearchSection:
    """What one plugin found: a heading, the hits, a link to see more of them.

    ``suggestion`` is a corrected query to offer ("Did you mean …?") when
    nothing was found, say for a misspelt word.
    """

    title: str
    hits: tuple = ()
    more_url: str | None = None
    order: int = 100
    name: str = ""
    suggestion: str | None = None


def query_text(request) -> str:
    """The ``q`` parameter as :func:`search_text` reads it.

    The core's input guard has refused control characters already.
    """
    return search_text(request.GET.get("q", ""))


def search_text(value) -> str:
    """Text typed into a search box: spaces collapsed, at most :data:`MAX_QUERY` characters.

    Anything but a string (a repeated or malformed parameter) is no text.
    """
    if not isinstance(value, str):
        return ""
    return " ".join(value[:MAX_QUERY].split())


def sections(request, text: str, *, limit: int, typing: bool = False) -> list[SearchSection]:
    """Every plugin's section for ``text`` that has hits or a suggestion, in ``order``."""
    if not text:
        return []
    found = collect(request.registry["cc.plugin_manager"], "cc_search_sections",
                    request=request, text=text, limit=limit, typing=typing)
    return [section for section in found if section.hits or section.suggestion]
