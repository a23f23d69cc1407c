"""The whole folder tree in one query, for folder choices and ordering."""
from __future__ import annotations

import dataclasses

import sqlalchemy as sa

from ..models import Article, Folder


@dataclasses.dataclass(frozen=True)
class Node:
    id: int
    parent_id: int | None
    name: str
    visibility: str
    depth: int
    path: str


def folder_tree(dbsession) -> list[Node]:
    """Every folder, depth-first in display order, each with its path of names."""
    rows = dbsession.execute(sa.select(Folder.id, Folder.parent_id, Folder.name, Folder.visibility)
                             .order_by(Folder.position, Folder.name, Folder.id)).all()
    children: dict[int | None, list] = {}
    for row in rows:
        children.setdefault(row.parent_id, []).append(row)
    nodes: list[Node] = []
    pending = [(row, 0, "") for row in reversed(children.get(None, []))]
    while pending:
        row, depth, prefix = pending.pop()
        path = f"{prefix} › {row.name}" if prefix else row.name
        nodes.append(Node(row.id, row.parent_id, row.name, row.visibility, depth, path))
        pending.extend((child, depth + 1, path) for child in reversed(children.get(row.id, [])))
    return nodes


def descendants(nodes: list[Node], folder_id: int) -> set[int]:
    """``folder_id`` and every folder below it."""
    below: dict[int | None, list[int]] = {}
    for node in nodes:
        below.setdefault(node.parent_id, []).append(node.id)
    found, pending = set(), [folder_id]
    while pending:
        current = pending.pop()
        found.add(current)
        pending.extend(below.get(current, []))
    return found


def article_counts(dbsession) -> dict[int, int]:
    """Articles per folder (one grouped query)."""
    rows = dbsession.execute(sa.select(Article.folder_id, sa.func.count()).group_by(Article.folder_id))
    return dict(rows.all())


def siblings(dbsession, kind: str, parent_id: int | None) -> list:
    """Folders under ``parent_id`` or articles in folder ``parent_id``, in display order."""
    if kind == "folder":
        where = Folder.parent_id.is_(None) if parent_id is None else Folder.parent_id == parent_id
        return list(dbsession.scalars(sa.select(Folder).where(where)
                                      .order_by(Folder.position, Folder.name, Folder.id)))
    return list(dbsession.scalars(sa.select(Article).where(Article.folder_id == parent_id)
                                  .order_by(Article.position, Article.question, Article.id)))
