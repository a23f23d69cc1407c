"""The management forms, all through the core's stateless form pipeline.

Edits are guarded by optimistic locking: the ``updated_at`` a form was
shown with travels in its signed state, and saving over a newer version
is refused with the other person's work left intact.
"""
from __future__ import annotations

import functools

import colander

from cc_core import api

from .. import access, markup, service, versions
from ..languages import version_languages
from ..models import Article, Folder
from . import tree
from ..i18n import _

VISIBILITY_CHOICES = (
    (access.PUBLIC, _("Public: everybody")),
    (access.CUSTOMERS, _("Customers: logged-in persons")),
    (access.INTERNAL, _("Internal: staff only")),
)
TOP = ""
CONFLICT = _("faq-conflict", default="Somebody else saved a change here while you were editing, so your "
                                     "change was not saved. Open the page again to see theirs, then redo yours.")


def _visibility_node():
    return api.choice_node("visibility", _("Who may see it"), VISIBILITY_CHOICES)


def _stamp(row) -> str | None:
    return row.updated_at.isoformat() if row is not None else None


class _EditForm(api.Form):
    """Shared by the folder and article forms: locking and refusals.

    The form's ``context`` is the row being changed (``None``: a new one);
    its id travels in the signed state under ``state_key`` with the
    ``updated_at`` it was shown with.  Once saved, the browser goes to the
    row's ``saved_route``.
    """

    state_key: str
    saved_route: str

    def initial_state(self):
        return {self.state_key: self.context.id if self.context else None, "updated": _stamp(self.context)}

    def _conflict(self, row, state) -> bool:
        """Whether ``row`` was saved since the form was shown."""
        return row is not None and state.get("updated") != _stamp(row)

    def _refused_as_stale(self, state) -> bool:
        """Refuse when the form was shown for another row, or its row was saved since (optimistic locking)."""
        row = self.context
        if state.get(self.state_key) != (row.id if row else None) or self._conflict(row, state):
            self._refuse(CONFLICT)
            return True
        return False

    def apply(self, values, state):
        """Save through the FAQ's service, unless the form is stale or the service refuses; then show the row."""
        if self._refused_as_stale(state):
            return None
        try:
            row = self.save(values)
        except service.FaqError as error:
            self._service_refused(error)
            return None
        return self.request.route_path(self.saved_route, id=row.id)

    def save(self, values):
        """Create the row (no ``context``) or change it; return it.  Raises :class:`service.FaqError`."""
        raise NotImplementedError

    def _refuse(self, message):
        self.errors = {"": self.request.localizer.translate(message)}

    def _service_refused(self, error: service.FaqError):
        self.errors = {"": self.request.localizer.translate(
            _("faq-refused", default="This change could not be made: ${reason}.", mapping={"reason": str(error)}))}


class FolderForm(_EditForm):
    """Create a folder (``folder`` is ``None``) or change and move one."""

    id = "faq-manage-folder"
    template = "cc_faq:manage/templates/folder_form.pt"
    success_message = _("The folder was saved.")
    state_key = "folder"
    saved_route = "faq.manage.folder"

    def __init__(self, request, folder: Folder | None = None, parent: Folder | None = None):
        super().__init__(request, folder)
        self.folder = folder
        self.parent = parent

    @functools.cached_property
    def tree(self):
        return tree.folder_tree(self.request.dbsession)

    def schema(self):
        excluded = tree.descendants(self.tree, self.folder.id) if self.folder is not None else set()
        parents = [(TOP, _("(top level)"))] + [(str(n.id), n.path) for n in self.tree if n.id not in excluded]
        return api.schema_of(
            api.text_node("name", _("Name"), max_length=service.MAX_NAME, missing_msg=_("Give the folder a name.")),
            colander.SchemaNode(colander.String(), name="description", title=_("Description"), widget="textarea",
                                rows=3, missing="", validator=colander.Length(max=2000)),
            _visibility_node(), api.choice_node("parent", _("Inside folder"), parents, missing=TOP))

    def initial(self):
        if self.folder is None:
            return {"visibility": self.parent.visibility if self.parent else access.PUBLIC,
                    "parent": str(self.parent.id) if self.parent else TOP}
        return {"name": self.folder.name, "description": self.folder.description,
                "visibility": self.folder.visibility,
                "parent": str(self.folder.parent_id) if self.folder.parent_id else TOP}

    def template_values(self):
        return {"folder": self.folder}

    def save(self, values) -> Folder:
        dbsession = self.request.dbsession
        parent = dbsession.get(Folder, int(values["parent"])) if values["parent"] else None
        if self.folder is None:
            return service.create_folder(dbsession, values["name"], parent=parent,
                                         visibility=values["visibility"], description=values["description"])
        service.move_folder(dbsession, self.folder, parent)
        service.update_folder(dbsession, self.folder, name=values["name"], description=values["description"],
                              visibility=values["visibility"])
        return self.folder


class ArticleForm(_EditForm):
    """Create an article in a folder, or change and move one; with a preview."""

    id = "faq-manage-article"
    template = "cc_faq:manage/templates/article_form.pt"
    success_message = _("The article was saved.")
    state_key = "article"
    saved_route = "faq.manage.article"
    #: The typed answer as the FAQ would show it, after "Preview".
    preview_html = None

    def __init__(self, request, article: Article | None = None, folder: Folder | None = None):
        super().__init__(request, article)
        self.article = article
        self.folder = folder

    def schema(self):
        folders = [(str(n.id), n.path) for n in tree.folder_tree(self.request.dbsession)]
        schema = colander.Schema()
        schema.add(colander.SchemaNode(colander.String(), name="question", title=_("Question"),
                                       validator=colander.Length(max=service.MAX_QUESTION),
                                       missing_msg=_("Write the question.")))
        schema.add(colander.SchemaNode(colander.String(), name="answer", title=_("Answer"), widget="textarea",
                                       rows=14, strip=False, validator=colander.Length(max=service.MAX_ANSWER),
                                       description=_("Markdown: **bold**, *italic*, lists with - or 1., links "
                                                     "as [text](https://…). Use “Preview” to check it."),
                                       missing_msg=_("Write the answer.")))
        schema.add(_visibility_node())
        schema.add(colander.SchemaNode(colander.String(), name="folder", title=_("Folder"), widget="select",
                                       choices=folders,
                                       validator=colander.OneOf([value for value, _label in folders])))
        return schema

    def initial(self):
        if self.article is None:
            return {"visibility": access.INTERNAL, "folder": str(self.folder.id)}
        return {"question": self.article.question, "answer": self.article.answer,
                "visibility": self.article.visibility, "folder": str(self.article.folder_id)}

    def template_values(self):
        saved = markup.render(self.article.answer) if self.article is not None else None
        done = versions.languages_done(self.request.dbsession, self.article.id) if self.article else set()
        translations = [(language, api.LANGUAGE_NAMES.get(language, language), language in done)
                        for language in version_languages(self.request.registry.settings)]
        return {"article": self.article, "folder": self.folder, "preview_html": self.preview_html,
                "saved_html": saved, "translations": translations}

    def apply(self, values, state):
        if self.request.POST.get("preview"):
            # Show the answer as the FAQ will, with the same sanitiser, and
            # save nothing: the typed values are shown again.
            self.preview_html = markup.render(values["answer"])
            return self.render()
        return super().apply(values, state)

    def save(self, values) -> Article:
        dbsession = self.request.dbsession
        folder = dbsession.get(Folder, int(values["folder"]))
        if self.article is None:
            return service.create_article(dbsession, folder, values["question"], values["answer"],
                                          visibility=values["visibility"])
        service.move_article(dbsession, self.article, folder)
        service.update_article(dbsession, self.article, question=values["question"], answer=values["answer"],
                               visibility=values["visibility"])
        return self.article


class OrderForm(api.Form):
    """Move one folder or article a place up or down among its siblings.

    One small form per row; the clicked button says the direction, the
    signed state says which row, so a tampered post moves nothing.
    """

    id = "faq-manage-order"
    template = "cc_faq:manage/templates/order_refused.pt"

    def __init__(self, request, kind: str | None = None, item_id: int | None = None):
        super().__init__(request)
        self.kind = kind
        self.item_id = item_id

    @property
    def action(self):
        return self.request.route_path("faq.manage.order")

    def schema(self):
        return api.schema_of(colander.SchemaNode(colander.String(), name="direction", title=_("Direction"),
                                                 validator=colander.OneOf(["up", "down"])))

    def initial_state(self):
        return {"kind": self.kind, "id": self.item_id}

    def apply(self, values, state):
        dbsession = self.request.dbsession
        model = Folder if state.get("kind") == "folder" else Article
        item = dbsession.get(model, state.get("id") or 0)
        if item is None:
            return self.request.route_path("faq.manage")
        parent_id = item.parent_id if model is Folder else item.folder_id
        rows = tree.siblings(dbsession, state["kind"], parent_id)
        index = rows.index(item)
        other = index - 1 if values["direction"] == "up" else index + 1
        if 0 <= other < len(rows):
            rows[index], rows[other] = rows[other], rows[index]
            update = service.update_folder if model is Folder else service.update_article
            for position, row in enumerate(rows, start=1):
                if row.position != position:
                    update(dbsession, row, position=position)
        folder_id = parent_id if model is Article else item.parent_id
        anchor = f"{state['kind']}-{item.id}"
        if folder_id is None:
            return self.request.route_path("faq.manage", _anchor=anchor)
        return self.request.route_path("faq.manage.folder", id=folder_id, _anchor=anchor)

