"""The staff forms for persons: create one, change access, (de)activate.

Changes to a person are guarded by optimistic locking: the values a form
was rendered with travel in its signed state, and ``apply`` refuses when
the person has changed since, so two agents cannot silently overwrite each
other.  A staff member cannot lock themselves out (remove their own staff
flag or deactivate themselves).
"""
from __future__ import annotations

import colander
import sqlalchemy as sa

from cc_core import api

from ..i18n import _
from . import invitations

ACCESS_FLAGS = ("company_access", "is_manager", "is_staff")
CONFLICT = _("person-conflict", default="Somebody else changed this person while you were looking at the page, "
                                        "so nothing was saved. Check the current values and try again.")


def flag_nodes() -> list[colander.SchemaNode]:
    return [
        colander.SchemaNode(colander.Boolean(), name="company_access", title=_("Sees all the company's requests"),
                            widget="checkbox", missing=False),
        colander.SchemaNode(colander.Boolean(), name="is_manager", title=_("Manager: may edit the company's data"),
                            widget="checkbox", missing=False),
        colander.SchemaNode(colander.Boolean(), name="is_staff", title=_("Staff: may use the support desk"),
                            widget="checkbox", missing=False),
    ]


def check_flags(values: dict, company, person=None, me=None) -> dict:
    errors = {}
    if company is None:
        if values.get("company_access"):
            errors["company_access"] = _("Only a person who belongs to a company can see its requests.")
        if values.get("is_manager"):
            errors["is_manager"] = _("Only a person who belongs to a company can manage it.")
    if person is not None and person is me and not values.get("is_staff"):
        errors["is_staff"] = _("You cannot take away your own staff access.")
    return errors


class PersonCreateForm(api.Form):
    """A new person, who gets a mailed link to choose their password."""

    id = "desk-person-new"
    template = "cc_desk:templates/customers/person_new.pt"
    submit_label = _("Create and send the link")

    def schema(self):
        return api.schema_of(
            api.name_node(autocomplete="off", missing_msg=_("Enter the name.")),
            api.email_node(autocomplete="off", missing_msg=_("Enter the e-mail address.")),
            api.phone_node(title=_("Phone"), autocomplete="off"),
            api.language_node(self.request, title=_("Language of their e-mail")), *flag_nodes())

    def company(self, state):
        company_id = state.get("company_id")
        return self.request.dbsession.get(api.Company, company_id) if company_id else None

    def initial(self):
        return {"language": self.request.localizer.locale_name}

    def initial_state(self):
        company = self.context_company
        return {"company_id": company.id if company is not None else None}

    @property
    def context_company(self):
        """The company named by ``?company=``, if it exists."""
        raw = self.request.params.get("company", "")
        return self.request.dbsession.get(api.Company, int(raw)) if raw.isdigit() else None

    def template_values(self):
        return {"company": self.company(self.state)}

    def check(self, values, state):
        errors = check_flags(values, self.company(state))
        email = values["email"].lower()
        taken = self.request.dbsession.scalar(sa.select(api.Person.id).where(sa.func.lower(api.Person.email) == email))
        if taken is not None:
            errors["email"] = _("Somebody already has this e-mail address.")
        return errors

    def apply(self, values, state):
        request = self.request
        person = api.Person(email=values["email"].lower(), name=values["name"], phone=values["phone"],
                            language=values["language"], company=self.company(state), password_hash="",
                            email_confirmed=True, **{flag: values[flag] for flag in ACCESS_FLAGS})
        request.dbsession.add(person)
        request.dbsession.flush()
        invitations.send_invitation(request, person)
        api.flash(request, _("person-created", default="${name} was added and a link to choose a password was "
                                                       "mailed to ${email}.",
                             mapping={"name": person.name, "email": person.email}))
        return request.route_path("desk.person", id=person.id)


class _PersonPageForm(api.Form):
    """A form of the person page, posting to its own route (``route``) with the person's id."""

    template = "cc_desk:templates/customers/person.pt"
    route = ""

    @property
    def action(self):
        return self.request.route_path(self.route, id=self.context.id)

    def template_values(self):
        return person_page_values(self.request, self.context, posted=self)


class PersonAccessForm(_PersonPageForm):
    """Company access, manager and staff flags of one person."""

    id = "desk-person-access"
    submit_label = _("Save access")
    success_message = _("The access was saved.")
    route = "desk.person.access"

    def schema(self):
        return api.schema_of(*flag_nodes())

    def initial(self):
        return {flag: getattr(self.context, flag) for flag in ACCESS_FLAGS}

    def initial_state(self):
        return {"person": self.context.id, "flags": self.initial()}

    def recovered_state(self):
        return {"person": self.context.id, "flags": None}   # unknown: the next post is a conflict


    def check(self, values, state):
        return check_flags(values, self.context.company, self.context, self.request.person)

    def apply(self, values, state):
        person = self.context
        if state.get("person") != person.id or state.get("flags") != self.initial():
            self.errors = {"": self.request.localizer.translate(CONFLICT)}
            self.state = self.initial_state()   # the page shows the current values: sending again saves
            return None
        for flag in ACCESS_FLAGS:
            setattr(person, flag, values[flag])
        return self.request.route_path("desk.person", id=person.id)


class PersonActiveForm(_PersonPageForm):
    """Deactivate a person (no more logins, data kept), or activate them again."""

    id = "desk-person-active"
    route = "desk.person.active"

    @property
    def submit_label(self):
        return _("Activate again") if not self.context.is_active else _("Deactivate")

    def initial_state(self):
        return {"person": self.context.id, "active": self.context.is_active}

    def recovered_state(self):
        return {"person": self.context.id, "active": None}   # unknown: the next post is a conflict


    def check(self, values, state):
        if self.context is self.request.person:
            return {"": _("You cannot deactivate yourself.")}
        return None

    def apply(self, values, state):
        request = self.request
        person = self.context
        if state.get("person") != person.id or state.get("active") != person.is_active:
            self.errors = {"": request.localizer.translate(CONFLICT)}
            self.state = self.initial_state()
            return None
        person.is_active = not person.is_active
        if not person.is_active:
            # Ends every session of theirs and voids the links mailed to them.
            person.session_version += 1
            api.flash(request, _("person-deactivated", default="${name} can no longer log in. Their requests and "
                                                               "messages are kept.", mapping={"name": person.name}))
        else:
            api.flash(request, _("person-activated", default="${name} can log in again.",
                                 mapping={"name": person.name}))
        return request.route_path("desk.person", id=person.id)


class PersonInviteForm(_PersonPageForm):
    """Mail the person a new link to choose a password."""

    id = "desk-person-invite"
    submit_label = _("Mail a link to choose a password")
    route = "desk.person.invite"

    def check(self, values, state):
        if not self.context.is_active:
            return {"": _("Activate the person first: a deactivated person cannot log in.")}
        return None

    def apply(self, values, state):
        request = self.request
        invitations.send_invitation(request, self.context)
        api.flash(request, _("invitation-sent", default="A link to choose a password was mailed to ${email}.",
                             mapping={"email": self.context.email}))
        return request.route_path("desk.person", id=self.context.id)


def person_page_values(request, person, posted: api.Form | None = None) -> dict:
    """Everything the person page shows.

    ``posted`` is the form being processed (with its errors and typed
    values); the page's other forms are shown fresh.
    """
    kinds = {"access_form": PersonAccessForm, "active_form": PersonActiveForm, "invite_form": PersonInviteForm}
    return {"person": person, "me": request.person,
            **api.page_forms({key: cls(request, person) for key, cls in kinds.items()}, posted=posted)}
