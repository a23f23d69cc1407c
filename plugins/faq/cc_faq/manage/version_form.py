"""Staff write an article's version in each other offered language.

One page per language (``/faq/manage/articles/{id}/versions?language=nb``):
the article as written beside the form, so the translator sees what to
translate.  Saving with both fields empty removes the version, and
customers read the article again.
"""
from __future__ import annotations

import colander
from pyramid.httpexceptions import HTTPNotFound
from pyramid.view import view_config

from cc_core import api

from .. import markup, service, versions
from ..i18n import _
from ..languages import version_languages
from ..models import Article, Folder
from .forms import CONFLICT, _EditForm, _stamp


class VersionForm(_EditForm):
    """The ``language`` version of ``article``; optimistic locking like the article form."""

    id = "faq-manage-version"
    template = "cc_faq:manage/templates/version_form.pt"

    def __init__(self, request, article: Article, language: str):
        super().__init__(request, article)
        self.article = article
        self.language = language
        self.version = versions.version_of(request.dbsession, article.id, language)

    @property
    def action(self) -> str:
        return self.request.route_path("faq.manage.article.versions", id=self.article.id,
                                       _query={"language": self.language})

    def schema(self):
        schema = colander.Schema()
        schema.add(colander.SchemaNode(colander.String(), name="question", title=_("Question"), missing="",
                                       validator=colander.Length(max=service.MAX_QUESTION)))
        schema.add(colander.SchemaNode(colander.String(), name="answer", title=_("Answer"), widget="textarea",
                                       rows=14, strip=False, missing="",
                                       validator=colander.Length(max=service.MAX_ANSWER),
                                       description=_("Markdown, as in the article. Leave both fields empty to "
                                                     "remove this language's version.")))
        return schema

    def initial(self):
        if self.version is None:
            return {}
        return {"question": self.version.question, "answer": self.version.answer}

    def initial_state(self):
        return {"article": self.article.id, "language": self.language, "updated": _stamp(self.version)}

    def template_values(self):
        return {"article": self.article, "language": self.language,
                "language_name": api.LANGUAGE_NAMES.get(self.language, self.language),
                "folder": self.request.dbsession.get(Folder, self.article.folder_id),
                "original_html": markup.render(self.article.answer)}

    def check(self, values, state):
        if bool(values["question"].strip()) != bool(values["answer"].strip()):
            missing = "answer" if values["question"].strip() else "question"
            return {missing: _("Write both the question and the answer, or leave both empty.")}
        return None

    def apply(self, values, state):
        dbsession = self.request.dbsession
        if (state.get("article"), state.get("language")) != (self.article.id, self.language) or \
                self._conflict(self.version, state):
            self._refuse(CONFLICT)
            return None
        if not values["question"].strip():
            versions.delete_version(dbsession, self.article, self.language)
            api.flash(self.request, _("The translation was removed."))
        else:
            try:
                versions.save_version(dbsession, self.article, self.language, values["question"], values["answer"])
            except service.FaqError as error:
                self._service_refused(error)
                return None
            api.flash(self.request, _("The translation was saved."))
        return self.request.route_path("faq.manage.article", id=self.article.id)


@view_config(route_name="faq.manage.article.versions", permission="staff")
def article_version(request):
    article = request.dbsession.get(Article, api.matched_id(request))
    language = request.GET.get("language")
    if article is None or language not in version_languages(request.registry.settings):
        raise HTTPNotFound()
    return api.process_form(VersionForm(request, article, language))
