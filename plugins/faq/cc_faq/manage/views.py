"""The management pages: the tree, a folder, the folder and article forms."""
from __future__ import annotations

import sqlalchemy as sa
from pyramid.httpexceptions import HTTPNotFound
from pyramid.view import view_config

from cc_core import api

from .. import reads
from ..models import Article, Folder
from . import tree
from .forms import ArticleForm, FolderForm, OrderForm


def _get(request, model, key="id"):
    number = api.parse_id(request.matchdict.get(key) or request.params.get(key, ""))
    row = request.dbsession.get(model, number) if number is not None else None
    if row is None:
        raise HTTPNotFound()
    return row


def _order_forms(request, kind: str, ids) -> dict:
    return api.page_forms({item_id: OrderForm(request, kind, item_id) for item_id in ids})


@view_config(route_name="faq.manage", permission="staff", request_method="GET",
             renderer="cc_faq:manage/templates/index.pt")
def index(request):
    dbsession = request.dbsession
    nodes = tree.folder_tree(dbsession)
    top = [node for node in nodes if node.parent_id is None]
    return {"nodes": nodes, "counts": tree.article_counts(dbsession),
            "order_forms": _order_forms(request, "folder", [node.id for node in top]),
            "top_ids": [node.id for node in top]}


@view_config(route_name="faq.manage.folder", permission="staff", request_method="GET",
             renderer="cc_faq:manage/templates/folder.pt")
def folder(request):
    current = _get(request, Folder)
    dbsession = request.dbsession
    subfolders = reads.subfolders(dbsession, current.id, level=99)
    articles = dbsession.execute(
        sa.select(Article.id, Article.question, Article.visibility, Article.updated_at)
        .where(Article.folder_id == current.id)
        .order_by(Article.position, Article.question, Article.id)).all()
    return {"folder": current, "breadcrumbs": reads.breadcrumbs(dbsession, current.id)[:-1],
            "subfolders": subfolders, "articles": articles,
            "folder_order": _order_forms(request, "folder", [f.id for f in subfolders]),
            "article_order": _order_forms(request, "article", [a.id for a in articles])}


@view_config(route_name="faq.manage.folder", permission="staff", request_method="POST")
@view_config(route_name="faq.manage.folder", permission="staff", request_method="GET",
             request_param="edit")
def folder_edit(request):
    return api.process_form(FolderForm(request, _get(request, Folder)))


@view_config(route_name="faq.manage.folder.new", permission="staff")
def folder_new(request):
    raw = request.params.get("parent", "")
    parent = request.dbsession.get(Folder, int(raw)) if raw.isdigit() else None
    return api.process_form(FolderForm(request, parent=parent))


@view_config(route_name="faq.manage.article.new", permission="staff")
def article_new(request):
    return api.process_form(ArticleForm(request, folder=_get(request, Folder)))


@view_config(route_name="faq.manage.article", permission="staff")
def article(request):
    current = _get(request, Article)
    return api.process_form(ArticleForm(request, current, request.dbsession.get(Folder, current.folder_id)))


@view_config(route_name="faq.manage.order", permission="staff", request_method="POST")
def order(request):
    return api.process_form(OrderForm(request))
