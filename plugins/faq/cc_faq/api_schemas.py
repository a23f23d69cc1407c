"""JSON Schemas of the FAQ's API answers, for the OpenAPI document (and the tests that check against it)."""
from __future__ import annotations

from . import access

REF = "#/components/schemas/"
DATE_TIME = {"type": "string", "format": "date-time"}
NAMED = {"type": "object", "required": ["id", "name"],
         "properties": {"id": {"type": "integer"}, "name": {"type": "string"}}}

FOLDER = {
    "type": "object",
    "required": ["id", "name", "description", "parent_id", "visibility", "folder_count", "article_count",
                 "updated_at", "url"],
    "properties": {
        "id": {"type": "integer"}, "name": {"type": "string"}, "description": {"type": "string"},
        "parent_id": {"type": ["integer", "null"]}, "visibility": {"enum": list(access.VISIBILITIES)},
        "folder_count": {"type": "integer", "description": "Folders directly inside that the caller sees."},
        "article_count": {"type": "integer", "description": "Articles directly inside that the caller sees."},
        "updated_at": DATE_TIME,
        "url": {"type": "string", "description": "The folder's page."},
    },
}
ARTICLE_ITEM = {
    "type": "object", "required": ["id", "question", "updated_at", "url"],
    "properties": {"id": {"type": "integer"}, "question": {"type": "string"}, "updated_at": DATE_TIME,
                   "url": {"type": "string", "description": "The article's page."}},
}
FOLDER_LIST = {"type": "object", "required": ["items"],
               "properties": {"items": {"type": "array", "items": {"$ref": REF + "FaqFolder"}}}}
FOLDER_DETAIL = {"allOf": [{"$ref": REF + "FaqFolder"}, {
    "type": "object", "required": ["breadcrumbs", "folders", "articles", "page", "has_more"],
    "properties": {
        "breadcrumbs": {"type": "array", "items": NAMED, "description": "The folders above, top first."},
        "folders": {"type": "array", "items": {"$ref": REF + "FaqFolder"}},
        "articles": {"type": "array", "items": {"$ref": REF + "FaqArticleItem"}},
        "page": {"type": "integer"}, "has_more": {"type": "boolean"}}}]}
ARTICLE = {
    "type": "object",
    "required": ["id", "question", "answer_html", "answer_markdown", "language", "folder", "breadcrumbs",
                 "visibility", "helpful_yes", "helpful_no", "my_vote", "created_at", "updated_at", "url"],
    "properties": {
        "id": {"type": "integer"}, "question": {"type": "string"},
        "answer_html": {"type": "string", "description": "The answer as the page shows it: sanitised HTML."},
        "answer_markdown": {"type": ["string", "null"],
                            "description": "The Markdown source, for staff (who edit it); null for others."},
        "language": {"type": "string", "description": "The language of question and answer."},
        "folder": NAMED, "breadcrumbs": {"type": "array", "items": NAMED},
        "visibility": {"enum": list(access.VISIBILITIES)},
        "helpful_yes": {"type": "integer"}, "helpful_no": {"type": "integer"},
        "my_vote": {"enum": ["yes", "no", None], "description": "The caller's own answer, if any."},
        "created_at": DATE_TIME, "updated_at": DATE_TIME, "url": {"type": "string"},
    },
}
SEARCH_HIT = {
    "type": "object",
    "required": ["id", "question", "question_html", "snippet_html", "snippet_text", "folder", "url"],
    "properties": {
        "id": {"type": "integer"}, "question": {"type": "string"},
        "question_html": {"type": "string", "description": "Escaped, the matched words in <mark>."},
        "snippet_html": {"type": "string", "description": "Escaped, the matched words in <mark>."},
        "snippet_text": {"type": "string"}, "folder": NAMED, "url": {"type": "string"},
    },
}
SEARCH = {
    "type": "object", "required": ["q", "items", "page", "has_more", "widened", "suggestion"],
    "properties": {
        "q": {"type": "string"}, "items": {"type": "array", "items": {"$ref": REF + "FaqSearchHit"}},
        "page": {"type": "integer"}, "has_more": {"type": "boolean"},
        "widened": {"type": "boolean", "description": "No article had every word: these have any of them."},
        "suggestion": {"type": ["string", "null"], "description": "The query spelt as the articles spell it."},
    },
}
VOTE = {
    "type": "object", "required": ["article_id", "helpful", "outcome", "helpful_yes", "helpful_no"],
    "properties": {
        "article_id": {"type": "integer"}, "helpful": {"enum": ["yes", "no"]},
        "outcome": {"enum": ["new", "changed", "same"],
                    "description": "same: the caller had given this answer already; it counts once."},
        "helpful_yes": {"type": "integer"}, "helpful_no": {"type": "integer"},
    },
}
COMPONENTS = {"FaqFolder": FOLDER, "FaqArticleItem": ARTICLE_ITEM, "FaqFolderList": FOLDER_LIST,
              "FaqFolderDetail": FOLDER_DETAIL, "FaqArticle": ARTICLE, "FaqSearchHit": SEARCH_HIT,
              "FaqSearch": SEARCH, "FaqVote": VOTE}
