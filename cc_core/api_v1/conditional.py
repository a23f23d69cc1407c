"""Optimistic locking over HTTP: entity tags from version numbers, ``If-Match`` and ``If-None-Match``.

A resource that keeps a version number (bumped by every save) answers a
read with ``ETag: "<resource>.<version>"``.  A write must send that tag
back in ``If-Match``; the endpoint hands the version it names to its
compare-and-set update (``UPDATE ... WHERE version = :seen``), so of two
writers that read the same version exactly one wins and the other gets a
412, whatever the timing.  Without ``If-Match`` a write is refused with
428: an integrator who forgets it would otherwise silently overwrite a
colleague's change.  The resource name in the tag (``company-7``) keeps a
tag of one company from matching another's at the same version.

Endpoints declare ``etag=True`` (:class:`.endpoints.Endpoint`); the core
then refuses a write without ``If-Match`` before anything else runs and
describes the headers and answers in the OpenAPI document.
"""
from __future__ import annotations

import re

from ..i18n import _
from .endpoints import ApiResult
from .problems import ApiProblem

#: A strong entity tag as this module makes them: ``"<resource>.<version>"``.
_TAG = re.compile(r'^"(?P<resource>[A-Za-z0-9_-]+)\.(?P<version>\d{1,18})"$')


def entity_tag(resource: str, version: int) -> str:
    """The strong ETag of ``resource`` (``company-7``) at ``version``."""
    return f'"{resource}.{int(version)}"'


def _tags(header: str) -> list[str]:
    return [part.strip() for part in header.split(",") if part.strip()]


def if_match_version(request, resource: str, current: int | None = None) -> int:
    """The version of ``resource`` the caller's ``If-Match`` names, for the endpoint's compare-and-set.

    No header: 428.  ``*``, weak tags, tags of another resource or
    anything unreadable can never name the version the caller read: 412,
    as for a stale tag.  When several tags name versions, the highest is
    taken (an older one is stale anyway once a newer exists).  Given the
    ``current`` version, the 412 carries its ``ETag``.
    """
    header = request.headers.get("If-Match")
    if header is None:
        raise ApiProblem(428)
    versions = []
    for tag in _tags(header):
        found = _TAG.match(tag)
        if found and found["resource"] == resource:
            versions.append(int(found["version"]))
    if not versions:
        headers = {"ETag": entity_tag(resource, current)} if current is not None else None
        raise ApiProblem(412, headers=headers, detail=_(
            "api-if-match-unknown", default="If-Match does not name a version of this resource: send the ETag of "
                                            "your last read."))
    return max(versions)


def not_modified(request, etag: str) -> bool:
    """Whether ``If-None-Match`` already names ``etag`` (weak comparison, as RFC 9110 asks for reads)."""
    header = request.headers.get("If-None-Match")
    if header is None:
        return False
    tags = _tags(header)
    return "*" in tags or etag in {tag[2:] if tag.startswith("W/") else tag for tag in tags}


def tagged_result(request, body, etag: str, status: int = 200) -> ApiResult:
    """``body`` with its ``ETag``; on a read whose ``If-None-Match`` has it, an empty 304 instead."""
    headers = {"ETag": etag, "Cache-Control": "private, no-cache"}
    if request.method == "GET" and not_modified(request, etag):
        return ApiResult(None, status=304, headers=headers)
    return ApiResult(body, status=status, headers=headers)
