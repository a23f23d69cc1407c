"""The company edit form: optimistic locking with a three-way merge.

The form carries, signed, the company ``version`` it was shown at and the
values it started from (``original``).  When the save finds the company at
another version, somebody saved in between; for each field there are then
three values: the original, theirs (saved meanwhile) and yours (typed):

* you left the field alone and they changed it → their value is taken over
  into the form, nothing of yours is lost;
* you both changed it to different values → a conflict: your value stays
  in the field and theirs is shown beside it;
* otherwise nothing to say.

Either way the form is shown again, now carrying the new version, so the
next "Save" applies what the person sees.  Nothing is written until they
have seen the other person's changes.
"""
from __future__ import annotations

import re
import urllib.parse

import colander

from cc_core import api

from .datasource import COMPANY_FIELDS, CompanyDetails, VersionConflict, data_source
from .i18n import _

_PHONE = re.compile(r"^\+?[0-9][0-9 ()./-]{2,38}$")
_ORG_NUMBER = re.compile(r"^[0-9A-Za-z][0-9A-Za-z .-]{0,39}$")


def _prepare_website(value):
    """Accept ``example.com`` for ``https://example.com``: people type it so."""
    if isinstance(value, str) and value and "://" not in value:
        return "https://" + value
    return value


def _validate_website(node, value):
    try:
        parts = urllib.parse.urlsplit(value)
    except ValueError:   # "https://[example.com": a bracket the parser reads as a broken IPv6 address
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or "." not in parts.netloc \
            or any(ch.isspace() for ch in value):
        raise colander.Invalid(node, _("website-invalid",
                                       default="Enter a web address such as https://example.com."))


def _text(title, max_length, widget="text", check=None, **kw):
    """An optional text field: at most ``max_length`` characters, then ``check``."""
    validator = colander.Length(max=max_length)
    if check is not None:
        validator = colander.All(validator, check)
    return colander.SchemaNode(colander.String(), title=title, widget=widget, missing="", validator=validator, **kw)


#: The version of a form whose signed state was refused: no company has it.
UNKNOWN_VERSION = -1

class CompanySchema(colander.Schema):
    name = colander.SchemaNode(colander.String(), title=_("Company name"), widget="text",
                               validator=colander.Length(min=1, max=200),
                               missing_msg=_("Enter the company's name."))
    org_number = _text(_("Organisation number"), 40, check=colander.Regex(
        _ORG_NUMBER, msg=_("org-number-invalid", default="Use digits and letters, optionally with spaces or dashes.")))
    address = _text(_("Address"), 200, autocomplete="street-address")
    postcode = _text(_("Postcode"), 20, autocomplete="postal-code")
    city = _text(_("City"), 100, autocomplete="address-level2")
    country = _text(_("Country"), 100, autocomplete="country-name")
    phone = _text(_("Phone"), 40, widget="tel", autocomplete="tel", check=colander.Regex(
        _PHONE, msg=_("phone-invalid", default="Enter a phone number such as +47 22 00 00 00.")))
    website = _text(_("Web site"), 200, widget="url", autocomplete="url", preparer=_prepare_website,
                    check=_validate_website)


def typed_values(values: dict) -> dict[str, str]:
    """The form's validated values as the data source stores them (text, "" for empty)."""
    return {field: values[field] or "" for field in COMPANY_FIELDS}


def save_company(request, company_id: int, version: int, typed: dict[str, str]):
    """Save ``typed`` if the company is still at ``version`` (a compare-and-set), as the caller.

    The page's form and the API both save through here, so both notify
    ``cc_example_crm_view_on_company_changed`` and write the history.
    Returns the saved company and its changes; raises
    :class:`~.datasource.VersionConflict` when somebody saved in between.
    """
    person = request.person
    saved, changes = data_source(request).update_company(company_id, version, typed, person.id, person.name)
    if changes:
        api.plugin_manager(request).hook.cc_example_crm_view_on_company_changed(
            request=request, company=saved, changes=tuple(changes))
    return saved, changes


class CompanyEditForm(api.Form):
    """Managers edit the company's details; see the module docstring."""

    id = "company-edit"
    template = "cc_example_crm_view:templates/edit.pt"
    submit_label = _("Save changes")

    def __init__(self, request, context, company: CompanyDetails):
        super().__init__(request, context)
        self.company = company
        self.changes: list = []
        # Fields both people changed: (field, label, theirs, yours).
        self.conflicts: list[tuple[str, str, str, str]] = []
        # Fields only they changed, taken over into the form.
        self.merged: list[tuple[str, str, str]] = []
        self.changed_by = ""
        # Shown again after a refused signed state: what they saw is unknown.
        self.recheck = False

    def schema(self):
        return CompanySchema()

    def initial(self):
        return self.company.values()

    def initial_state(self):
        return {"version": self.company.version, "original": self.company.values()}

    def recovered_state(self):
        # The version the manager saw is unknown: no version matches it, so
        # the next post shows the saved values beside theirs instead of
        # overwriting a colleague's changes.
        return {"version": UNKNOWN_VERSION, "original": {}}

    @property
    def success_message(self):
        if self.changes:
            return _("The company's details have been saved.")
        return _("Nothing had changed, so nothing was saved.")

    @property
    def success_kind(self):
        return "success" if self.changes else "info"

    def template_values(self):
        return {"conflicts": self.conflicts, "merged": self.merged, "changed_by": self.changed_by,
                "recheck": self.recheck}

    def apply(self, values, state):
        request = self.request
        typed = typed_values(values)
        try:
            _saved, self.changes = save_company(request, self.company.id, int(state["version"]), typed)
        except VersionConflict as conflict:
            self._show_conflict(typed, state.get("original") or {}, conflict)
            return None
        return request.route_path("example_crm_view.company")

    def _show_conflict(self, typed: dict, original: dict, conflict: VersionConflict) -> None:
        current = conflict.current
        theirs_all = current.values()
        values = dict(typed)
        for field in COMPANY_FIELDS:
            base, theirs, yours = original.get(field, ""), theirs_all[field], typed[field]
            if theirs == base or theirs == yours:
                continue
            label = self.node(field).title
            if yours == base:
                values[field] = theirs
                self.merged.append((field, label, theirs))
            else:
                self.conflicts.append((field, label, theirs, yours))
        translate = self.request.localizer.translate
        self.company = current
        self.changed_by = conflict.changed_by
        self.state = {"version": current.version, "original": theirs_all}
        self.values = {**self.values, **values}
        self.recheck = not original
        if original:
            summary = _("company-conflict",
                        default="Somebody else saved the company's details while you were editing. Their changes "
                                "are listed above; nothing you typed is lost. Check the fields and save again.")
        else:
            summary = _("company-recheck",
                        default="The saved details are listed above where they differ from yours; nothing you "
                                "typed is lost. Check the fields and save again.")
        self.errors = {"": translate(summary)}
        for field, _label, theirs, _yours in self.conflicts:
            shown = theirs or translate(_("(empty)"))
            self.errors[field] = translate(_("company-conflict-field", default="Saved meanwhile as “${value}”.",
                                             mapping={"value": shown}))
        self.status = 409
