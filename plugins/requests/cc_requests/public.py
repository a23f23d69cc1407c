"""The requests plugin's stable surface for other plugins (the staff desk, reports).

Import this module, not the plugin's internals::

    from cc_requests import public as rq

    req = dbsession.get(rq.Request, 42)
    rq.add_message(request, req, request.person, "Fixed in 2.1", is_external=True)
    rq.change_status(request, req, rq.WAITING, request.person)

Writes go through the service functions so that search, timestamps and the
``cc_requests_*`` notification hooks stay right.  Everything not named
here may change between releases.
"""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from . import access as _access
from . import attachments as _attachments
from . import fields as _fields
from .attachments import max_attachment_bytes
from .fields import FieldType
from .forms import MAX_MESSAGE_LENGTH, MAX_TITLE, attachment_node
from .i18n import _
from .models import Attachment, Category, Message, Priority, Request, SearchDocument
from . import fulltext
from .fulltext import matching_ids as fulltext_ids, narrowed as fulltext_narrowed
from .search import search_condition
from .service import add_message, change_status, close, create_request, reopen
from .statuses import CLOSED, OPEN, OPEN_STATUSES, STATUSES, WAITING, status_label
from .vocabulary import categories, category_choices, priorities, priority_choices

may_see = _access.may_see
MINE, COMPANY = _access.MINE, _access.COMPANY
#: The preference (``Person.preferences``) a person turns answer mails off with.
NOTIFY_ON_REPLY = "requests_notify_on_reply"


def wants_reply_mail(person) -> bool:
    """Whether ``person`` wants an e-mail when support answers a request they follow (default: yes)."""
    return bool(person.preference(NOTIFY_ON_REPLY, True))


def visible_requests_query(person, scope: str = MINE):
    """``select(Request)`` of what ``person`` sees on the customer pages (own, or company with access)."""
    return sa.select(Request).where(_access.visible_condition(person, scope))


def messages_of(dbsession, req, include_internal: bool = True) -> list[Message]:
    """The thread, oldest first, with authors and attachments loaded (two queries)."""
    stmt = (sa.select(Message).where(Message.request_id == req.id)
            .options(joinedload(Message.author), selectinload(Message.attachments))
            .order_by(Message.created_at, Message.id))
    if not include_internal:
        stmt = stmt.where(Message.is_external.is_(True))
    return list(dbsession.scalars(stmt))


def attachments_of(message) -> list[Attachment]:
    return list(message.attachments)


def attachment_response(request, req, attachment_id: int, internal: bool = False):
    """A download response for an attachment of ``req``, or ``None``.

    Files of internal notes are served only with ``internal=True``: pass it
    from staff-only views, never from a customer's.
    """
    attachment = _attachments.find(request.dbsession, req, attachment_id, internal=internal)
    return _attachments.response(request, attachment) if attachment is not None else None


def customer_url(request, req) -> str:
    """The full URL of the request's page for its customer (for mails)."""
    return request.route_url("requests.view", id=req.id)


def labels(request, req) -> list[tuple]:
    """(label, value) pairs describing ``req``: category, priority and custom fields."""
    language = request.locale_name
    pairs = [(_("Category"), req.category.label(language) if req.category else "–"),
             (_("Priority"), req.priority.label(language) if req.priority else "–")]
    return pairs + _fields.shown_values(request, req)


__all__ = [
    "Request", "Message", "Attachment", "Category", "Priority", "FieldType",
    "OPEN", "WAITING", "CLOSED", "STATUSES", "OPEN_STATUSES", "status_label", "MINE", "COMPANY",
    "MAX_TITLE", "MAX_MESSAGE_LENGTH", "max_attachment_bytes", "attachment_node",
    "create_request", "add_message", "change_status", "close", "reopen",
    "visible_requests_query", "may_see", "NOTIFY_ON_REPLY", "wants_reply_mail",
    "search_condition", "fulltext", "fulltext_ids", "fulltext_narrowed", "SearchDocument",
    "messages_of", "attachments_of",
    "attachment_response", "customer_url", "labels",
    "categories", "priorities", "category_choices", "priority_choices",
]
