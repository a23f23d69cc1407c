"""URLs a visitor may be sent back to: this site's own paths, nothing else."""
from urllib.parse import urlsplit


def safe_return_url(request, url: str | None, default_route: str = "home") -> str:
    """``url`` if it is a path on this site, else the default route's URL.

    Refuses absolute URLs, scheme-relative ``//host`` and back-slash tricks
    (``/\\host``) that browsers read as another site: no open redirect.
    """
    if url and url.startswith("/") and not url.startswith("//") and "\\" not in url:
        parts = urlsplit(url)
        if not parts.scheme and not parts.netloc and all(ch.isprintable() for ch in url):
            return url
    return request.route_path(default_route)
