"""``cc faq export DIR``: the whole FAQ as a tree of Markdown files.

The output is what :mod:`.importer` reads, so an export imported into an
empty portal gives the same FAQ, and imported into the same portal
changes nothing.  Files are written only when their content differs, so
exporting twice leaves the tree (and its modification times) untouched.
"""
from __future__ import annotations

import os

import sqlalchemy as sa

from cc_core import api

from ..models import Article, Folder
from .formats import FOLDER_FILE, format_document


def _write(path: str, text: str) -> bool:
    if os.path.exists(path):
        with open(path, encoding="utf-8") as existing:
            if existing.read() == text:
                return False
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        out.write(text)
    return True


def export_tree(dbsession, directory: str, progress=None) -> dict[str, int]:
    """Write every folder and article under ``directory``; returns counts."""
    folders = dbsession.execute(sa.select(Folder.id, Folder.parent_id, Folder.slug, Folder.name,
                                          Folder.description, Folder.visibility, Folder.position)).all()
    by_id = {row.id: row for row in folders}
    paths: dict[int, str] = {}

    def path_of(folder_id: int) -> str:
        if folder_id not in paths:
            row = by_id[folder_id]
            parent = path_of(row.parent_id) if row.parent_id is not None else directory
            paths[folder_id] = os.path.join(parent, row.slug)
        return paths[folder_id]

    counts = {"folders": 0, "articles": 0, "written": 0}
    total = len(folders) + (dbsession.scalar(sa.select(sa.func.count()).select_from(Article)) or 0)
    progress = progress or api.Progress("faq export", total)
    with progress:
        for row in folders:
            path = path_of(row.id)
            os.makedirs(path, exist_ok=True)
            meta = {"name": row.name, "visibility": row.visibility, "position": row.position}
            counts["written"] += _write(os.path.join(path, FOLDER_FILE), format_document(meta, row.description))
            counts["folders"] += 1
            progress.advance()
        articles = dbsession.execute(sa.select(Article.folder_id, Article.slug, Article.question, Article.answer,
                                               Article.visibility, Article.position)
                                     .order_by(Article.id).execution_options(yield_per=1000))
        for row in articles:
            meta = {"question": row.question, "visibility": row.visibility, "position": row.position}
            target = os.path.join(path_of(row.folder_id), row.slug + ".md")
            counts["written"] += _write(target, format_document(meta, row.answer))
            counts["articles"] += 1
            progress.advance()
    return counts
