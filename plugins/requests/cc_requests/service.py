"""Changing requests: the only place that writes them, and tells plugins.

Pages, the desk plugin and scripts all go through these functions, so
the search document, the timestamps and the notification hooks can never
be forgotten by one of them.
"""
from __future__ import annotations

from cc_core import api

from . import attachments as files
from . import notifications, search
from .models import Message, Request
from .statuses import CLOSED, OPEN, WAITING


class ReopenRefused(Exception):
    """A reply to a closed request when ``cc.requests.reopen_on_reply`` is off."""


def _hook(request):
    return api.plugin_manager(request).hook


def reopen_on_reply(settings) -> bool:
    from pyramid.settings import asbool

    return asbool(settings.get("cc.requests.reopen_on_reply", True))


def create_request(request, owner, title: str, body: str, category=None, priority=None,
                   uploads=(), custom_values: dict | None = None) -> Request:
    """Save a new request with its first message and files; confirm it to the owner; notify plugins.

    The files are stored before any row is added: ``api.StorageUnavailable``
    leaves nothing saved.
    """
    kept = files.keep(request, uploads)
    dbsession = request.dbsession
    now = api.utcnow()
    req = Request(owner=owner, company_id=owner.company_id, title=title, category=category, priority=priority,
                  status=OPEN, custom_values=custom_values or {}, created_at=now, updated_at=now)
    dbsession.add(req)
    message = Message(request=req, author=owner, body=body, is_external=True, created_at=now)
    dbsession.add(message)
    dbsession.flush()
    files.attach(message, kept)
    search.index_new_request(dbsession, req, body)
    dbsession.flush()
    notifications.confirm_submitted(request, req, body)
    _hook(request).cc_requests_on_submitted(request=request, req=req)
    return req


def add_message(request, req: Request, author, body: str, is_external: bool = True, attachments=()) -> Message:
    """Add a message (an internal note when ``is_external`` is false) with its files.

    Does not change the status: a customer's reply goes through
    :func:`customer_reply`, staff set the status they choose.  The files
    are stored before any row is added, as in :func:`create_request`.
    """
    kept = files.keep(request, attachments)
    dbsession = request.dbsession
    now = api.utcnow()
    message = Message(request_id=req.id, author=author, body=body, is_external=is_external, created_at=now)
    dbsession.add(message)
    dbsession.flush()
    files.attach(message, kept)
    if is_external:
        search.index_message(dbsession, req, body)
        req.updated_at = now
    dbsession.flush()
    _hook(request).cc_requests_on_message_added(request=request, req=req, message=message)
    return message


def change_status(request, req: Request, new_status: str, actor=None) -> bool:
    """Set the status; tell plugins.  Returns whether anything changed.

    ``actor`` (who made the change) is accepted for callers' records; the
    hooks see the logged-in person on ``request``.
    """
    old = req.status
    if old == new_status:
        return False
    now = api.utcnow()
    req.status = new_status
    req.updated_at = now
    req.closed_at = now if new_status == CLOSED else None
    request.dbsession.flush()
    hook = _hook(request)
    hook.cc_requests_on_status_changed(request=request, req=req, old_status=old, new_status=new_status)
    if old == CLOSED:
        hook.cc_requests_on_reopened(request=request, req=req)
    return True


def close(request, req: Request, actor=None) -> bool:
    return change_status(request, req, CLOSED, actor)


def reopen(request, req: Request, actor=None) -> bool:
    return change_status(request, req, OPEN, actor)


def customer_reply(request, req: Request, author, body: str, uploads=()) -> Message:
    """A customer's answer: reopens a closed request (if allowed), hands a waiting one back to support."""
    if req.status == CLOSED and not reopen_on_reply(request.registry.settings):
        raise ReopenRefused()
    message = add_message(request, req, author, body, is_external=True, attachments=uploads)
    if req.status in (CLOSED, WAITING):
        change_status(request, req, OPEN, author)
    return message


def rate(request, req: Request, rating: int, comment: str) -> None:
    """Store the customer's rating (1-5) of how a closed request was handled."""
    req.rating = rating
    req.rating_comment = comment or ""
    req.rated_at = api.utcnow()
    request.dbsession.flush()
