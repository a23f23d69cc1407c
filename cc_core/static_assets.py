"""Static files under content-hashed URLs, cached by browsers for a year.

Every static view, the core's and any plugin's or theme's, gets a cache
buster: ``request.static_path("cc_core:static/cc.css")`` answers
``/static/cc.css?v=<hash of the file's bytes>``.  A browser or proxy may
then keep the file a year without asking again (``Cache-Control: public,
max-age=31536000, immutable``): a changed file has a new URL, so nobody
sees a stale stylesheet after an upgrade.

The hashes of the static folders' files are computed once, when the
application is made; a file first named later (one a theme overrides,
say) is hashed on first use and remembered, so a page pays a dictionary
look-up per asset, never a file read.

The plain name (``/static/cc.css``) keeps working, with the static views'
ordinary hour of caching, and so does a URL with a hash that is not the
file's current one (a page rendered by a host not yet upgraded): only a
hash that matches the bytes served earns the year.
"""
from __future__ import annotations

import datetime
import hashlib
import os
import threading

from pyramid.config.views import StaticURLInfo
from pyramid.interfaces import IStaticURLInfo
from pyramid.path import AssetResolver
from pyramid.static import QueryStringCacheBuster, static_view

#: The query parameter carrying the hash.
PARAM = "v"
IMMUTABLE = "public, max-age=31536000, immutable"
ONE_YEAR = 31536000


class ContentHashes:
    """The short content hash of each file, by absolute path, computed once per file."""

    def __init__(self):
        self._by_path: dict[str, str] = {}
        self._lock = threading.Lock()

    def of(self, path: str) -> str | None:
        token = self._by_path.get(path)
        if token is None and os.path.isfile(path):
            digest = hashlib.sha256()
            with open(path, "rb") as handle:
                for block in iter(lambda: handle.read(1 << 16), b""):
                    digest.update(block)
            token = digest.hexdigest()[:16]
            with self._lock:
                self._by_path[path] = token
        return token

    def add_folder(self, folder: str) -> None:
        """Hash every file under ``folder`` now, at start-up."""
        for parent, _dirs, names in os.walk(folder):
            for name in names:
                self.of(os.path.join(parent, name))


class ContentHashCacheBuster(QueryStringCacheBuster):
    """Adds ``?v=<hash>`` to the static URLs of one folder (after asset overrides)."""

    def __init__(self, hashes: ContentHashes):
        super().__init__(param=PARAM)
        self.hashes = hashes
        self._paths: dict[str, str] = {}

    def tokenize(self, request, subpath, kw):
        # rawspec names the file actually served: a theme's override, if any.
        spec = kw["rawspec"]
        path = self._paths.get(spec)
        if path is None:
            path = self._paths[spec] = AssetResolver().resolve(spec).abspath()
        return self.hashes.of(path) or "missing"


class MemoStaticURLInfo(StaticURLInfo):
    """Pyramid's static URL generator, remembering the paths it generated.

    Every page asks for the same few static paths (the stylesheet, the
    icon, the plugins' assets), and generating one walks the static views,
    resolves the asset, asks the cache buster and builds a route URL: about
    a tenth of a millisecond each, for an answer that cannot change while
    the application runs (static views, overrides and content hashes are
    fixed at start-up).  Only ``static_path`` calls (``_app_url`` given, no
    query or anchor) are remembered, by the asset and the application's
    path prefix; anything else is generated as before.
    """

    def __init__(self):
        super().__init__()
        self._paths: dict[tuple[str, str], str] = {}

    def generate(self, path, request, **kw):
        app_url = kw.get("_app_url")
        if app_url is None or len(kw) != 1:
            return super().generate(path, request, **kw)
        key = (path, app_url)
        url = self._paths.get(key)
        if url is None:
            url = self._paths[key] = super().generate(path, request, **kw)
        return url


def _folder(spec: str) -> str:
    return AssetResolver().resolve(spec).abspath()


def bust_static_views(config) -> None:
    """Give every static view registered so far a content-hash cache buster.

    Called by the application factory after the core, the plugins and the
    theme have added their static views, which only exist once their
    configuration is committed: hence the commit.
    """
    config.commit()
    hashes = config.registry["cc.static.hashes"]
    info = config.registry.queryUtility(IStaticURLInfo)
    # The registrations, not the introspector: two plugins' views both
    # named "static" (under different route prefixes) are one entry there.
    specs = sorted({spec for _url, spec, _route in info.registrations}) if info else []
    for spec in specs:
        hashes.add_folder(_folder(spec))
        config.add_cache_buster(spec, ContentHashCacheBuster(hashes))


def immutable_when_hashed(view, info):
    """A view deriver: a static file asked for under its current hash is cached for a year.

    Other views are returned as they are, so pages pay nothing for it.
    """
    original = info.original_view
    if not isinstance(original, static_view):
        return view
    hashes = info.registry["cc.static.hashes"]

    def static_with_cache_headers(context, request):
        response = view(context, request)
        token = request.GET.get(PARAM)
        if token and response.status_int == 200:
            files = original.get_possible_files(original.get_resource_name(request))
            if files and hashes.of(files[0][0]) == token:
                response.headers["Cache-Control"] = IMMUTABLE
                response.expires = datetime.timedelta(seconds=ONE_YEAR)
        return response

    return static_with_cache_headers


def includeme(config):
    config.registry["cc.static.hashes"] = ContentHashes()
    # Before any static view is added: Pyramid files them in the utility it finds.
    config.registry.registerUtility(MemoStaticURLInfo(), IStaticURLInfo)
    config.add_view_deriver(immutable_when_hashed)
