"""Paths of the FAQ's folders and articles, for the templates that link many of them.

The index, an article's related questions and a folder's list make one
link per row; :func:`cc_core.api.id_path` makes each without the router.
"""
from __future__ import annotations

from cc_core import api


def article_path(request, article_id: int) -> str:
    return api.id_path(request, "faq.article", article_id)


def folder_path(request, folder_id: int) -> str:
    return api.id_path(request, "faq.folder", folder_id)
