"""The new-request form, through the core's stateless form pipeline.

A category may ask extra questions (:mod:`cc_requests.fields`).  The form
shows those of the category in the URL (``?category=3``) or in the post;
which category's questions were on screen travels in the signed state, so
choosing another category without a script brings the form back with its
questions as the next step (not as an error), the typed text and the
attached files kept, instead of saving answers never asked.  With a script
(``static/questions.js``) the questions appear as soon as the category is
chosen; the fieldset they come in names its category (``questions_for``),
so the first post is then the only one.
"""
from __future__ import annotations

import colander

from cc_core import api

from . import attachments, fields, service, vocabulary
from .i18n import _
from .models import Category, Priority

MAX_TITLE = 200
MAX_MESSAGE_LENGTH = 20_000
MAX_FILES = 10
SUGGESTIONS = 5
#: The hidden field of the questions' fieldset: the category whose questions it holds.
QUESTIONS_FOR = "questions_for"


def attachment_node(request, title=None) -> colander.SchemaNode:
    """The repeatable ``attachment`` field, checked for size and type before storing.

    A browser sends an empty part for a file input left empty; the
    ``drop`` default leaves it out instead of calling it a missing file.
    """
    one = colander.SchemaNode(api.FileUpload(), name="file", title=_("File"), missing=colander.drop,
                              max_bytes=attachments.max_attachment_bytes(request.registry.settings),
                              refuse_dangerous=True)
    node = colander.SchemaNode(
        colander.Sequence(), one, name="attachment", title=title or _("Attach files"), widget="file",
        multiple=True, missing=[],
        validator=colander.Length(max=MAX_FILES, max_err=_("too-many-files",
                                                           default="Attach at most ${max} files at a time.")),
        description=_("attachment-help", default="Optional. Up to ${count} files of at most ${size} each.",
                      mapping={"count": MAX_FILES,
                               "size": api.human_size(attachments.max_attachment_bytes(request.registry.settings),
                                                     request.locale_name)}))
    return node


def message_node(title=None) -> colander.SchemaNode:
    return colander.SchemaNode(
        colander.String(), name="message", title=title or _("Message"), widget="textarea", rows=8, strip=False,
        validator=colander.All(colander.Length(max=MAX_MESSAGE_LENGTH), _not_blank),
        missing_msg=_("message-missing", default="Write your message."))


def _not_blank(node, value):
    if not value.strip():
        raise colander.Invalid(node, _("message-missing", default="Write your message."))


def suggestions(request, text: str, limit: int = SUGGESTIONS) -> list[dict]:
    """What plugins suggest for ``text`` (FAQ articles), plain dicts, at most ``limit``."""
    text = " ".join((text or "").split())[:MAX_TITLE]
    if len(text) < 3:
        return []
    found = []
    for result in api.plugin_manager(request).hook.cc_requests_suggestions(request=request, text=text, limit=limit):
        for item in result or ():
            if isinstance(item, dict) and item.get("title") and item.get("url"):
                found.append({"title": str(item["title"]), "url": str(item["url"]),
                              "snippet": str(item.get("snippet") or "")})
    return found[:limit]


class NewRequestForm(api.Form):
    id = "new-request"
    template = "cc_requests:templates/new.pt"
    submit_label = _("Send request")
    success_message = _("request-sent", default="Your request has been sent. We have e-mailed you a confirmation.")

    def __init__(self, request, context=None):
        super().__init__(request, context)
        dbsession = request.dbsession
        self._active_categories, self.categories = vocabulary.active_categories(request)
        self.priorities = vocabulary.customer_priorities(dbsession)
        self.category = self._chosen_category()
        #: Set when a post chose a category whose questions were not on screen yet.
        self.next_step = False

    def _chosen_category(self) -> Category | None:
        source = self.request.POST if self.request.method == "POST" else self.request.GET
        raw = source.get("category")
        if not isinstance(raw, str) or not raw.isdigit() or len(raw) > 10:
            return None
        return next((category for category in self._active_categories if category.id == int(raw)), None)

    def schema(self):
        schema = colander.Schema()
        schema.add(colander.SchemaNode(
            colander.String(), name="title", title=_("Title"), autocomplete="off",
            description=_("title-help", default="A short summary, e.g. “Invoice 1234 is charged twice”."),
            validator=colander.Length(min=3, max=MAX_TITLE,
                                      min_err=_("title-short", default="Write a title of at least 3 characters."),
                                      max_err=_("title-long", default="Keep the title under ${max} characters.",
                                                mapping={"max": MAX_TITLE})),
            missing_msg=_("title-missing", default="Write a title for your request.")))
        if self.categories:
            schema.add(colander.SchemaNode(
                colander.Integer(), name="category", title=_("Category"), widget="select", choices=self.categories,
                validator=colander.OneOf([key for key, _label in self.categories]),
                missing_msg=_("category-missing", default="Choose what your request is about.")))
        if self.priorities:
            choices = [(p.id, p.label(self.request.locale_name)) for p in self.priorities]
            schema.add(colander.SchemaNode(
                colander.Integer(), name="priority", title=_("Priority"), widget="select", choices=choices,
                validator=colander.OneOf([key for key, _label in choices]),
                missing_msg=_("priority-missing", default="Choose how urgent it is.")))
        schema.add(message_node(_("Describe your problem")))
        schema.add(attachment_node(self.request))
        asked = self._questions_were_shown()
        for node in fields.schema_nodes(self.request, self.category):
            if not asked:
                # Answers cannot be missing from questions never shown:
                # check() brings the form back with them instead.
                node.missing = colander.null
            schema.add(node)
        return schema

    def _questions_were_shown(self) -> bool:
        """Whether the posted form showed the chosen category's questions (per its verified state)."""
        if self.request.method != "POST" or self.category is None:
            return True
        # The signed state says what the server showed; the fieldset's own field what a
        # script brought in.  A forged one only asks for the answers at once.
        return self.state.get("fields_for") == self.category.id or \
            self.request.POST.get(QUESTIONS_FOR) == str(self.category.id)

    def initial(self):
        # The priorities read for the choices: the page reads them once.
        default = vocabulary.default_of(self.priorities)
        return {"category": self.category.id if self.category else colander.null,
                "priority": default.id if default else colander.null,
                "title": self.request.GET.get("title", "")[:MAX_TITLE]}

    def initial_state(self):
        return {"fields_for": self.category.id if self.category else None}

    @property
    def custom_nodes(self) -> list:
        return [node for node in self.nodes if getattr(node, "custom_field", None)]

    @property
    def standard_nodes(self) -> list:
        return [node for node in self.nodes if not getattr(node, "custom_field", None)]

    def check(self, values, state):
        category = self.category
        if category is not None and fields.definitions(category) and not self._questions_were_shown():
            self.next_step = True
            return {"": _("category-questions", default="One more step: “${category}” asks a few questions. "
                                                        "What you wrote and attached is kept; answer them below "
                                                        "and send your request.",
                          mapping={"category": category.label(self.request.locale_name)})}
        values["category"] = category
        priority_id = values.get("priority")
        values["priority"] = self.request.dbsession.get(Priority, priority_id) if priority_id else None
        errors = {}
        for result in api.plugin_manager(self.request).hook.cc_requests_validate(request=self.request,
                                                                                  values=values):
            for name, message in (result or {}).items():
                errors.setdefault(name, message)
        return errors

    def apply(self, values, state):
        request = self.request
        req = service.create_request(
            request, request.person, values["title"], values["message"], category=values["category"],
            priority=values["priority"], uploads=values["attachment"],
            custom_values=fields.stored_values(request, values["category"], values))
        return request.route_path("requests.view", id=req.id)

    def render(self):
        # The questions on screen now are those of the chosen category.
        self.state = {**self.state, "fields_for": self.category.id if self.category else None}
        return super().render()

    def template_values(self):
        title = self.value("title") if self.request.method == "POST" else ""
        return {"suggestions": suggestions(self.request, title) if title else [], "questions_for": QUESTIONS_FOR}
