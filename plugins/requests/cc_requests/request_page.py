"""One request's page: its thread, and the forms that act on it.

Reply, close, reopen and rate each post to their own URL through the
core's form pipeline; when one is refused, the page is shown again with
that form's messages and the others untouched, so every action works the
same with or without a script.
"""
from __future__ import annotations

import colander
import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from cc_core import api

from . import fields, service, thread
from .forms import attachment_node, message_node
from .i18n import _
from .models import Message
from .statuses import CLOSED, WAITING, status_label

ORDER_PREFERENCE = "requests_message_order"
NEWEST, OLDEST = "newest", "oldest"


def default_order(settings) -> str:
    value = settings.get("cc.requests.message_order", OLDEST)
    return value if value in (NEWEST, OLDEST) else OLDEST


def message_order(request) -> str:
    """The person's choice (a preference), else the installer's default."""
    default = default_order(request.registry.settings)
    chosen = request.person.preference(ORDER_PREFERENCE, default) if request.person else default
    return chosen if chosen in (NEWEST, OLDEST) else default


def external_messages(dbsession, req, newest_first: bool = False) -> list[Message]:
    """The customer-visible thread with authors and attachments (two queries)."""
    order = (Message.created_at.desc(), Message.id.desc()) if newest_first else (Message.created_at, Message.id)
    return list(dbsession.scalars(
        sa.select(Message).where(Message.request_id == req.id, Message.is_external.is_(True))
        .options(joinedload(Message.author), selectinload(Message.attachments)).order_by(*order)))


def support_team_answered(dbsession, req) -> bool:
    """Whether someone of the support team wrote in the customer-visible thread."""
    return dbsession.scalar(
        sa.select(sa.exists().where(Message.request_id == req.id, Message.is_external.is_(True),
                                    Message.author_id == api.Person.id, api.Person.is_staff.is_(True))))


def refuses_replies(request, req) -> bool:
    """Whether ``req`` takes no replies: closed, and replies may not reopen it (``cc.requests.reopen_on_reply``)."""
    return req.status == CLOSED and not service.reopen_on_reply(request.registry.settings)


class RequestForm(api.Form):
    """A form on a request's page, posting to ``/requests/{id}/<action>``."""

    template = "cc_requests:templates/view.pt"
    route = ""

    def __init__(self, request, req):
        super().__init__(request, req)
        self.req = req

    @property
    def action(self) -> str:
        return self.request.route_path(self.route, id=self.req.id)

    def back(self, anchor: str | None = None) -> str:
        return self.request.route_path("requests.view", id=self.req.id, _anchor=anchor)

    def template_values(self):
        return page_values(self.request, self.req, current=self)


class ReplyForm(RequestForm):
    id = "reply"
    route = "requests.reply"
    submit_label = _("Send reply")

    def schema(self):
        return api.schema_of(message_node(_("Your reply")), attachment_node(self.request))

    @property
    def refused(self) -> bool:
        """A closed request that replies may not reopen (``cc.requests.reopen_on_reply``)."""
        return refuses_replies(self.request, self.req)

    def check(self, values, state):
        if self.refused:
            return {"": _("reply-closed", default="This request is closed, so it cannot take replies. "
                                                  "Reopen it first, then write your reply.")}
        return None

    def apply(self, values, state):
        was_closed = self.req.status == CLOSED
        message = service.customer_reply(self.request, self.req, self.request.person, values["message"],
                                         values["attachment"])
        api.flash(self.request, _("reply-reopened", default="Your reply was sent and the request is open again.")
                  if was_closed else _("reply-sent", default="Your reply was sent."))
        return self.back(f"message-{message.id}")


class StatusForm(RequestForm):
    """A button that changes the request's status through ``change`` (a service function)."""

    change = None

    def apply(self, values, state):
        type(self).change(self.request, self.req, self.request.person)
        return self.back()


class CloseForm(StatusForm):
    id = "close"
    route = "requests.close"
    submit_label = _("Mark as solved")
    submit_class = "secondary"  # replying is the page's main action
    success_message = _("request-closed", default="The request is closed. Thank you! You can reopen it if you "
                                                  "need to.")
    change = service.close


class ReopenForm(StatusForm):
    id = "reopen"
    route = "requests.reopen"
    submit_label = _("Reopen")
    success_message = _("request-reopened", default="The request is open again.")
    change = service.reopen

    @property
    def submit_class(self) -> str:
        """The main action of a closed request, unless a reply reopens it (then replying is)."""
        return "secondary" if service.reopen_on_reply(self.request.registry.settings) else "primary"


class RateForm(RequestForm):
    id = "rate"
    route = "requests.rate"
    submit_label = _("Send rating")
    submit_class = "secondary"
    success_message = _("rating-saved", default="Thank you for rating the answer.")

    def schema(self):
        return api.schema_of(
            colander.SchemaNode(colander.Integer(), name="rating", title=_("How well was your request handled?"),
                                widget="radio", choices=[(str(n), label) for n, label in RATINGS],
                                validator=colander.Range(1, 5),
                                missing_msg=_("rating-missing", default="Choose a rating from 1 to 5.")),
            colander.SchemaNode(colander.String(), name="comment", title=_("Comment (optional)"), widget="textarea",
                                rows=3, missing="", validator=colander.Length(max=2000)))

    def initial(self):
        return {"rating": self.req.rating or colander.null, "comment": self.req.rating_comment or ""}

    def check(self, values, state):
        if self.req.status != CLOSED:
            return {"": _("rate-open", default="You can rate the answer once the request is closed.")}
        if not support_team_answered(self.request.dbsession, self.req):
            return {"": _("rate-unanswered", default="You can rate the answer once the support team has "
                                                     "answered.")}
        return None

    def apply(self, values, state):
        service.rate(self.request, self.req, values["rating"], values["comment"])
        return self.back("rating")


RATINGS = ((1, _("1 – poor")), (2, _("2")), (3, _("3")), (4, _("4")), (5, _("5 – excellent")))


#: The forms of a request's page, in the order the page shows them.
PAGE_FORMS = (ReplyForm, CloseForm, ReopenForm, RateForm)


def page_values(request, req, current: RequestForm | None = None) -> dict:
    """Everything the request page shows; ``current`` is a form shown again with its errors.

    Only the forms the page shows are prepared (their schemas bound, their
    values serialised): a closed request has no close form, an open one no
    reopen or rating form.
    """
    order = message_order(request)
    closed = req.status == CLOSED
    messages = thread.external_thread(request.dbsession, req.id, newest_first=order == NEWEST)
    answered = thread.staff_answered(messages)
    reply_refused = refuses_replies(request, req)
    shown = {"reply": not reply_refused, "close": not closed, "reopen": closed, "rate": closed and answered}
    forms = api.page_forms({form_class.id: form_class(request, req) for form_class in PAGE_FORMS
                            if shown[form_class.id]}, posted=current)
    return {
        "req": req,
        # A refused post of a form this page no longer shows (the request
        # changed meanwhile): its messages go at the top.
        "stray_form": current if current is not None and current.errors and not shown[current.id] else None,
        "messages": messages,
        "can_rate": shown["rate"],
        "customers_turn": req.status == WAITING,
        "newest_first": order == NEWEST,
        "status_label": status_label(req.status),
        "custom_fields": fields.shown_values(request, req),
        "category_label": req.category.label(request.locale_name) if req.category else "",
        "priority_label": req.priority.label(request.locale_name) if req.priority else "",
        "actions": forms,
        "reply_refused": reply_refused,
        "is_closed": closed,
        "human_size": api.human_size,
    }
