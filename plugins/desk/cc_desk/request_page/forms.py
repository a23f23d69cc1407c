"""The request page's forms: answer or note, change, publish to the FAQ.

The change form is optimistically locked.  Its signed state carries the
values the agent was shown; on saving, a field the agent changed that
somebody else (another agent, or the customer closing or reopening)
changed meanwhile is a conflict: nothing is saved, the form comes back
with the agent's choices and a message naming the other change, and its
state now holds the current values, so sending it again saves the
agent's choices on purpose.  Changes to different fields are merged: two
agents at work on one request never silently undo each other.
"""
from __future__ import annotations

import colander

from cc_core import api
from cc_requests import public as rq

from .. import tickets
from ..i18n import _
from . import notify
from .faq_draft import draft_answer

REPLY, NOTE = "reply", "note"
FIELD_LABELS = tickets.HistoryLabels.FIELDS


class _RequestForm(api.Form):
    """A form on the request page; ``page_values(form)`` gives the rest of the page."""

    template = "cc_desk:templates/request_page/request.pt"
    route = ""

    def __init__(self, request, req, page_values=None):
        super().__init__(request, req)
        self.req = req
        self.page_values = page_values

    @property
    def action(self):
        return self.request.route_path(self.route, id=self.req.id)

    def initial_state(self):
        # ``req`` is None only while the API describes the form (its schema).
        return {"request": self.req.id if self.req is not None else None}

    def check(self, values, state):
        if state.get("request") != self.req.id:
            return {"": _("wrong-request", default="This form was made for another request, so nothing was "
                                                   "saved. Please send it again from this page.")}
        return None

    def template_values(self):
        return self.page_values(self)


def post_message(request, req, values) -> tuple:
    """Save the message form's ``values`` as staff's answer or internal note: ``(message, addresses mailed)``.

    An answer to an open request sets it waiting for the customer and is
    mailed to its followers; a note is neither.  The page and the API both
    post through here.
    """
    external = values["kind"] == REPLY
    message = rq.add_message(request, req, request.person, values["message"], is_external=external,
                             attachments=values["attachment"])
    if not external:
        return message, []
    if req.status == rq.OPEN:
        rq.change_status(request, req, rq.WAITING, request.person)
    return message, notify.mail_answer(request, req, message, request.person)


class MessageForm(_RequestForm):
    """An answer to the customer, or an internal note, with attachments."""

    id = "desk-message"
    route = "desk.request.message"
    submit_label = _("Send")

    def schema(self):
        kind = api.choice_node(
            "kind", _("This is"), widget="radio", missing_msg=_("Choose answer or internal note."),
            choices=((REPLY, _("an answer to the customer: mailed to them, and the request then waits for them")),
                     (NOTE, _("an internal note: for staff only, never shown or mailed to the customer"))))
        message = colander.SchemaNode(colander.String(), name="message", title=_("Message"), widget="textarea",
                                      rows=8, strip=False, validator=colander.Length(min=1, max=rq.MAX_MESSAGE_LENGTH),
                                      missing_msg=_("Write the message."))
        # The same upload rules (size, types, number) as the customer's forms: the files end up side by side.
        return api.schema_of(kind, message, rq.attachment_node(self.request))

    def initial(self):
        # After a note the next message is a note too, unless the agent says otherwise:
        # falling back to "answer" would mail the customer the next note.
        return {"kind": NOTE if self.request.GET.get("kind") == NOTE else REPLY}

    def check(self, values, state):
        errors = super().check(values, state) or {}
        if not errors and not values["message"].strip():
            errors["message"] = _("Write the message.")
        return errors

    def apply(self, values, state):
        request = self.request
        req = self.req
        message, sent = post_message(request, req, values)
        if not message.is_external:
            api.flash(request, _("The internal note was saved. The customer does not see it."))
            return request.route_path("desk.request", id=req.id, _query={"kind": NOTE},
                                      _anchor=f"message-{message.id}")
        if sent:
            api.flash(request, _("answer-sent", default="Your answer was saved and mailed to ${addresses}.",
                                 mapping={"addresses": ", ".join(sent)}))
        else:
            api.flash(request, _("answer-not-mailed", default="Your answer was saved. Nobody was mailed: "
                                                              "the customer turned these e-mails off."), "info")
        return request.route_path("desk.request", id=req.id, _anchor=f"message-{message.id}")


def _with_current(choices: list[tuple[str, str]], current: str, label) -> list[tuple[str, str]]:
    """``choices`` plus the current value if it is no longer offered (an inactive category, say).

    ``label()`` names that value; it is asked only then.
    """
    if current and current not in {value for value, _label in choices}:
        return [*choices, (current, label())]
    return choices


class ChangeForm(_RequestForm):
    """Status, category, priority and assignee of the request."""

    id = "desk-change"
    route = "desk.request.change"
    submit_label = _("Save changes")

    def __init__(self, request, req, page_values=None, ticket=None):
        super().__init__(request, req, page_values)
        self.ticket = ticket

    def schema(self):
        request, req = self.request, self.req
        # Without a request (the API's description of the form) nothing is current.
        current = tickets.current_values(req, self.ticket) if req is not None else dict.fromkeys(
            tickets.CHANGE_FIELDS, "")

        def named(field):
            return lambda: tickets.HistoryLabels(request, []).value(field, current[field])

        statuses = [(status, rq.status_label(status)) for status in rq.STATUSES]
        categories = _with_current([(str(key), label) for key, label in rq.category_choices(request)],
                                   current["category"], named("category"))
        priorities = _with_current([(str(key), label) for key, label in rq.priority_choices(request)],
                                   current["priority"], named("priority"))
        staff = _with_current([(tickets.NOBODY, _("nobody"))]
                              + [(str(p.id), p.name) for p in tickets.staff_members(request.dbsession)],
                              current["assignee"], lambda: _("a former colleague"))
        return api.schema_of(
            api.choice_node("status", FIELD_LABELS["status"], statuses),
            api.choice_node("category", FIELD_LABELS["category"], categories, missing=""),
            api.choice_node("priority", FIELD_LABELS["priority"], priorities, missing=""),
            api.choice_node("assignee", FIELD_LABELS["assignee"], staff))

    def initial(self):
        return tickets.current_values(self.req, self.ticket) if self.req is not None else {}

    def initial_state(self):
        return {**super().initial_state(), "seen": self.initial()}

    def recovered_state(self):
        # What the agent saw is unknown: every field they set that differs
        # from the saved value is then shown as a clash, nothing overwritten.
        return {"request": self.req.id, "seen": {}}

    def apply(self, values, state):
        request = self.request
        outcome = tickets.save_changes(request, self.req, values, seen=state.get("seen") or {})
        self.ticket = outcome.ticket
        if outcome.clashes:
            self._refuse(outcome.clashes, outcome.current)
            return None
        if outcome.changed:
            api.flash(request, _("The changes were saved."))
        else:
            api.flash(request, _("Nothing was changed."), "info")
        return request.route_path("desk.request", id=self.req.id)

    def _refuse(self, clashes, now) -> None:
        """Show the form again with the agent's choices, a message, and a state that has the current values."""
        translate = self.request.localizer.translate
        labels = tickets.HistoryLabels(self.request, [])
        changed = "; ".join(
            translate(_("changed-field", default="${field} is now “${value}”",
                        mapping={"field": translate(FIELD_LABELS[field]),
                                 "value": translate(labels.value(field, tickets.stored_value(now[field])))}))
            for field in clashes)
        self.errors = {"": translate(_(
            "change-conflict", default="Somebody else changed this request while you were looking at it, so "
                                       "nothing was saved: ${changes}. Your choices are kept below; save them "
                                       "again if they are still right.", mapping={"changes": changed}))}
        self.state = {"request": self.req.id, "seen": now}


class PublishForm(_RequestForm):
    """Question and answer for a draft FAQ article, made by the FAQ plugin."""

    id = "desk-publish"
    route = "desk.request.publish"
    template = "cc_desk:templates/request_page/publish.pt"
    submit_label = _("Make a draft FAQ article")

    def schema(self):
        return api.schema_of(
            api.text_node("question", _("Question"), max_length=300, missing_msg=_("Write the question.")),
            colander.SchemaNode(colander.String(), name="answer", title=_("Answer (Markdown)"), widget="textarea",
                                rows=12, strip=False, validator=colander.Length(max=100_000),
                                missing_msg=_("Write the answer.")))

    def initial(self):
        """The title as the question, staff's answers to the customer as the answer (never internal notes).

        Greetings and sign-offs are left out: an article speaks to everybody.
        """
        answers = [m.body for m in rq.messages_of(self.request.dbsession, self.req, include_internal=False)
                   if m.author is not None and m.author.is_staff]
        return {"question": self.req.title, "answer": draft_answer(answers)}

    def template_values(self):
        return {"req": self.req}

    def apply(self, values, state):
        request = self.request
        url = api.plugin_manager(request).hook.cc_desk_publish_to_faq(
            request=request, title=values["question"], body=values["answer"], source_request_id=self.req.id)
        if not url:
            self.errors = {"": request.localizer.translate(_("The FAQ did not take the article. Try again later."))}
            return None
        tickets.record(request.dbsession, self.req.id, request.person, "faq", "", url)
        api.flash(request, _("A draft FAQ article was made. Edit it and choose who may see it."))
        return url
