"""The "was this helpful?" form, through the core's stateless form pipeline.

The form lives on the article page and posts to ``/faq/articles/{id}/vote``:
two submit buttons named ``helpful`` (``yes``/``no``), so it needs no
JavaScript.  The signed state names the article the form was shown for; a
post of it to another article's URL is refused like any tampered form.
"""
from __future__ import annotations

import colander

from cc_core import api

from . import votes
from .i18n import _

CHOICES = (("yes", _("Yes")), ("no", _("No")))


class VoteSchema(colander.Schema):
    helpful = colander.SchemaNode(colander.String(), title=_("Was this helpful?"), widget="radio", choices=CHOICES,
                                  validator=colander.OneOf([value for value, _label in CHOICES]),
                                  missing_msg=_("Choose yes or no."))


class VoteForm(api.Form):
    id = "faq-vote"
    template = "cc_faq:templates/article.pt"
    submit_label = _("Send")

    def __init__(self, request, article, page_values):
        super().__init__(request, article)
        self.article = article
        self.page_values = page_values
        #: A fresh browser token to hand out as a cookie (anonymous first vote).
        self.new_token: str | None = None
        self.outcome: str | None = None

    @property
    def action(self) -> str:
        return api.id_path(self.request, "faq.vote", self.article.id)

    def schema(self):
        return VoteSchema()

    def initial_state(self):
        # No article: the form made for the API's description of the vote's body.
        return {"article": self.article.id} if self.article is not None else {}

    def template_values(self):
        return self.page_values()

    def check(self, values, state):
        if state.get("article") != self.article.id:
            return {"": _("vote-wrong-article", default="This answer was meant for another article, so it was "
                                                        "not counted. Please answer again below.")}
        return None

    @property
    def success_message(self):
        if self.outcome == "same":
            return _("vote-same", default="You had already given this answer: it is counted once.")
        if self.outcome == "changed":
            return _("vote-changed", default="Thank you: your answer has been changed.")
        return _("vote-thanks", default="Thank you for your answer.")

    def apply(self, values, state):
        request = self.request
        voter = votes.voter_key(request)
        if voter is None:
            self.new_token, voter = votes.new_browser_token()
        helpful = values["helpful"] == "yes"
        self.outcome = votes.record_vote(request.dbsession, self.article.id, voter, helpful)
        if self.outcome != "same":
            request.dbsession.refresh(self.article)
            api.plugin_manager(request).hook.cc_faq_on_vote(request=request, article=self.article,
                                                            helpful=helpful, change=self.outcome)
        return request.route_path("faq.article", id=self.article.id, _anchor="feedback")
