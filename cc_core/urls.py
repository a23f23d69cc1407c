"""URLs a visitor may be sent back to: this site's own paths, nothing else."""
from urllib.parse import quote, urlsplit

#: What may stay as it is in a path and query: ASCII's reserved and unreserved
#: characters and ``%`` (escapes already made).  Everything else is escaped.
_URI_SAFE = "/?#[]@!$&'()*+,;=:%-._~"


def safe_return_url(request, url: str | None, default_route: str = "home") -> str:
    """``url`` if it is a path on this site, else the default route's URL.

    Refuses absolute URLs, scheme-relative ``//host`` and back-slash tricks
    (``/\\host``) that browsers read as another site: no open redirect.
    A path with letters beyond ASCII comes back percent-encoded (UTF-8):
    a ``Location`` header carries ASCII only, and a server refuses to send
    anything else (or sends Latin-1 bytes no browser reads alike).
    """
    if url and url.startswith("/") and not url.startswith("//") and "\\" not in url:
        parts = urlsplit(url)
        if not parts.scheme and not parts.netloc and all(ch.isprintable() for ch in url):
            return quote(url, safe=_URI_SAFE)
    return request.route_path(default_route)
