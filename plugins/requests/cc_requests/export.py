"""A person's own requests as data, for the download of one's data.

Only what the person sees on the pages goes out: their requests and the
external messages, never internal notes; and the messages they wrote on
requests of colleagues (a person with company access answers those too).
"""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from .models import Message, Request


def _iso(value):
    return value.isoformat() if value is not None else None


def export_requests(dbsession, person) -> list[dict]:
    """Each request the person owns with its external thread (three queries)."""
    requests = list(dbsession.scalars(
        sa.select(Request).where(Request.owner_id == person.id)
        .options(joinedload(Request.category), joinedload(Request.priority)).order_by(Request.id)))
    threads: dict[int, list[Message]] = {req.id: [] for req in requests}
    if requests:
        messages = dbsession.scalars(
            sa.select(Message).join(Request, Request.id == Message.request_id)
            .where(Request.owner_id == person.id, Message.is_external.is_(True))
            .options(joinedload(Message.author), selectinload(Message.attachments))
            .order_by(Message.request_id, Message.id))
        for message in messages:
            threads[message.request_id].append(message)
    return [{
        "id": req.id,
        "title": req.title,
        "status": req.status,
        "category": req.category.name if req.category else None,
        "priority": req.priority.name if req.priority else None,
        "custom_fields": dict(req.custom_values or {}),
        "created_at": _iso(req.created_at),
        "updated_at": _iso(req.updated_at),
        "closed_at": _iso(req.closed_at),
        "rating": req.rating,
        "rating_comment": req.rating_comment or None,
        "messages": [{
            "author": message.author.name if message.author else None,
            "created_at": _iso(message.created_at),
            "body": message.body,
            "attachments": [{"filename": a.filename, "content_type": a.content_type, "size": a.size,
                             "sha256": a.sha256} for a in message.attachments],
        } for message in threads[req.id]],
    } for req in requests]


def export_messages_elsewhere(dbsession, person) -> list[dict]:
    """External messages ``person`` wrote on requests they do not own (one query)."""
    rows = dbsession.execute(
        sa.select(Message, Request.title).join(Request, Request.id == Message.request_id)
        .where(Message.author_id == person.id, Request.owner_id != person.id, Message.is_external.is_(True))
        .options(selectinload(Message.attachments)).order_by(Message.request_id, Message.id)).all()
    return [{
        "request_id": message.request_id,
        "request_title": title,
        "created_at": _iso(message.created_at),
        "body": message.body,
        "attachments": [{"filename": a.filename, "content_type": a.content_type, "size": a.size,
                         "sha256": a.sha256} for a in message.attachments],
    } for message, title in rows]
