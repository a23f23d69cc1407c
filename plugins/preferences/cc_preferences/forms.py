"""The forms of the preferences pages, all through the core's form pipeline."""
from __future__ import annotations

import colander
from pyramid.security import remember

from cc_core import api

from .fields import CORE_FIELDS, core_nodes, plugin_groups, stored_value
from .i18n import _


class ProfileForm(api.Form):
    """Name, phones, language, time zone, and every plugin's preference fields."""

    id = "preferences"
    template = "cc_preferences:templates/profile.pt"
    #: The person's own columns this form edits (the API's preferences edit only some of them).
    person_fields = CORE_FIELDS

    def __init__(self, request):
        super().__init__(request)
        self.person = request.person
        self.groups = plugin_groups(request, self.person)
        self.changed: list[str] | None = None

    @property
    def success_message(self):
        if self.changed == []:
            return _("Nothing had changed, so nothing was saved.")
        return _("Your preferences have been saved.")

    @property
    def success_kind(self):
        return "info" if self.changed == [] else "success"

    def schema(self):
        own = [node for node in core_nodes(self.request) if node.name in self.person_fields]
        return api.schema_of(*own, *(node for group in self.groups for node in group.nodes))

    def initial(self):
        person = self.person
        values = {name: getattr(person, name) or "" for name in CORE_FIELDS}
        values["language"] = person.language or self.request.locale_name
        values["timezone"] = person.timezone or self.request.fmt.tz.key
        values = {name: values[name] for name in self.person_fields}
        for group in self.groups:
            for node in group.nodes:
                values[node.name] = stored_value(person, node)
        return values

    def template_values(self):
        return {"groups": self.groups, "core_fields": CORE_FIELDS}

    def apply(self, values, state):
        request = self.request
        person = self.person
        changed = []
        for name in self.person_fields:
            if getattr(person, name) != values[name]:
                setattr(person, name, values[name])
                changed.append(name)
        for group in self.groups:
            for node in group.nodes:
                # Compare with what the person saw (the default until they chose).
                if stored_value(person, node) != values[node.name]:
                    changed.append(node.name)
                if person.preference(node.name, colander.null) != values[node.name]:
                    person.set_preference(node.name, values[node.name])
        self.changed = changed
        if changed:
            api.plugin_manager(request).hook.cc_preferences_on_saved(request=request, person=person,
                                                                     changed=sorted(changed))
        return request.route_path("preferences")


def _current_password_node():
    return colander.SchemaNode(colander.String(), name="current_password", title=_("Current password"),
                               widget="password", autocomplete="current-password", strip=False,
                               validator=colander.Length(max=1024),
                               missing_msg=_("Enter your current password."))


class PasswordForm(api.Form):
    """Change the password; every other session of the person ends."""

    id = "preferences-password"
    template = "cc_preferences:templates/password.pt"
    submit_label = _("Change password")
    success_message = _("Your password has been changed. You have been logged out everywhere else.")

    def schema(self):
        return api.schema_of(_current_password_node(), *api.new_password_nodes(self.request))

    def check(self, values, state):
        request = self.request
        person = request.person
        if not api.verify_current_password(request, person, values["current_password"]):
            return {"current_password": _("That is not your current password.")}
        if values["password"] == values["current_password"]:
            return {"password": _("The new password is the same as the current one.")}
        return api.check_new_password(request, values, person.email, person.name) or None

    def apply(self, values, state):
        request = self.request
        person = request.person
        person.password_hash = api.hash_password(values["password"])
        # Every other session carries the old version and ends; this one is renewed.
        person.session_version += 1
        remember(request, person.id)
        api.send_mail(request, person.email, _("Your password has been changed"),
                      "cc_preferences:templates/mail/password_changed",
                      {"name": person.name, "forgot_link": request.route_url("password_forgot")},
                      language=person.language or request.locale_name)
        return request.route_path("preferences.password")


class SessionsForm(api.Form):
    """"Log out everywhere else": every other browser's session ends, this one stays.

    For the person who forgot to log out on a shared computer or fears a
    copied cookie.  This browser stays logged in (with a new session id):
    the person asking is here, and can log out here the ordinary way.
    """

    id = "preferences-sessions"
    template = "cc_preferences:templates/sessions.pt"
    submit_label = _("Log out everywhere else")
    success_message = _("You have been logged out on every other device and browser.")

    def apply(self, values, state):
        request = self.request
        api.end_other_sessions(request, request.person)
        return request.route_path("preferences.sessions")


class EmailForm(api.Form):
    """Ask to change the address: a link goes to the new one, which changes only when followed."""

    id = "preferences-email"
    template = "cc_preferences:templates/email.pt"
    submit_label = _("Send a confirmation link")

    def schema(self):
        return api.schema_of(api.email_node(title=_("New e-mail address"), missing_msg=_("Enter the new address.")),
                             _current_password_node())

    def check(self, values, state):
        request = self.request
        person = request.person
        domain = values["email"].rpartition("@")[2]
        if any(not ch.isprintable() for ch in values["email"]) or "." not in domain.strip("."):
            return {"email": _("Enter an e-mail address like name@example.com.")}
        if values["email"] == person.email:
            return {"email": _("That is already your address.")}
        if not api.verify_current_password(request, person, values["current_password"]):
            return {"current_password": _("That is not your current password.")}
        return None

    def apply(self, values, state):
        from .email_change import request_change

        request_change(self.request, self.request.person, values["email"])
        return self.request.route_path("preferences.email")


class ConfirmEmailForm(api.LinkForm):
    """The button behind the mailed link; opening the link alone changes nothing."""

    id = "preferences-email-confirm"
    template = "cc_preferences:templates/email_confirm.pt"
    submit_label = _("Change my address")

    def template_values(self):
        return {"account": self.link.person, "new_email": self.link.data.get("email", "")}

    def apply(self, values, state):
        from .email_change import apply_change

        return apply_change(self)
