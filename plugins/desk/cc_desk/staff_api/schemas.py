"""JSON Schemas of the desk's API answers, and the queue's query parameters.

Named ``Desk*`` in the OpenAPI document's components, so they never
clash with the customer-side ``Request*`` schemas: staff see more (the
company, the assignee, internal notes, the history).
"""
from __future__ import annotations

from cc_core import api
from cc_requests import public as rq

from ..queue import queries

REF = "#/components/schemas/"
NAMED = {"oneOf": [{"type": "null"}, {"type": "object", "required": ["id", "name"],
                                      "properties": {"id": {"type": "integer"}, "name": {"type": "string"}}}]}
DATE_TIME = {"type": "string", "format": "date-time"}
SUMMARY = {
    "type": "object",
    "required": ["id", "title", "status", "category", "priority", "owner", "company", "assignee", "created_at",
                 "updated_at"],
    "properties": {
        "id": {"type": "integer"}, "title": {"type": "string"}, "status": {"enum": list(rq.STATUSES)},
        "category": NAMED, "priority": NAMED, "owner": NAMED, "company": NAMED, "assignee": NAMED,
        "created_at": DATE_TIME, "updated_at": DATE_TIME,
    },
}
ATTACHMENT = {"type": "object", "required": ["id", "filename", "content_type", "size", "url"],
              "properties": {"id": {"type": "integer"}, "filename": {"type": "string"},
                             "content_type": {"type": "string"}, "size": {"type": "integer"},
                             "url": {"type": "string"}}}
MESSAGE = {"type": "object", "required": ["id", "author", "body", "internal", "created_at", "attachments"],
           "properties": {"id": {"type": "integer"}, "author": NAMED, "body": {"type": "string"},
                          "internal": {"type": "boolean", "description": "A note for staff, never shown to the "
                                                                         "customer."},
                          "created_at": DATE_TIME,
                          "attachments": {"type": "array", "items": {"$ref": REF + "DeskAttachment"}}}}
CHANGE = {"type": "object", "required": ["field", "old", "new", "person", "created_at"],
          "properties": {"field": {"type": "string"}, "old": {"type": "string"}, "new": {"type": "string"},
                         "person": NAMED, "created_at": DATE_TIME}}
DETAIL = {"allOf": [{"$ref": REF + "DeskRequestSummary"}, {
    "type": "object", "required": ["messages", "history"],
    "properties": {"messages": {"type": "array", "items": {"$ref": REF + "DeskMessage"}},
                   "history": {"type": "array", "items": {"$ref": REF + "DeskChange"},
                               "description": "Changes of status, category, priority and assignee, oldest "
                                              "first; values as stored (ids, status codes)."}}}]}
PAGE = {"type": "object", "required": ["items", "next", "previous"],
        "properties": {"items": {"type": "array", "items": {"$ref": REF + "DeskRequestSummary"}},
                       "next": {"type": ["string", "null"]}, "previous": {"type": ["string", "null"]}}}
ID_PARAMETER = {"type": "integer", "minimum": 1, "maximum": api.MAX_ID}
QUEUE_PARAMETERS = (
    {"name": "status", "in": "query", "schema": {"enum": list(queries.STATUS_FILTERS)}},
    {"name": "assignee", "in": "query", "schema": {"enum": list(queries.ASSIGNEES)},
     "description": "me: assigned to the caller; none: unassigned."},
    *({"name": name, "in": "query", "schema": ID_PARAMETER, "description": f"The {name}'s id."}
      for name in ("category", "priority", "company", "owner")),
    {"name": "q", "in": "query", "schema": {"type": "string", "maxLength": queries.MAX_QUERY},
     "description": "Words of the title or answers; #42 is request 42; an e-mail finds the customer's."},
    {"name": "sort", "in": "query", "schema": {"enum": [*queries.COLUMNS, *(f"-{c}" for c in queries.COLUMNS)]}},
    {"name": "cursor", "in": "query", "schema": {"type": "string"}, "description": "`next` or `previous` of a page."},
    {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100}},
)
