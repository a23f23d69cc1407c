"""Form fields the core and the plugins share: one builder per kind of value.

A person's name, e-mail address, phone, language and time zone appear on
the sign-up form, in preferences and on the desk's person forms; a new
password with its confirmation on sign-up, reset and preferences.  Built
here once, they check the same things and say the same words everywhere,
and a plugin gets them from :mod:`cc_core.api`.

Every builder takes the field's ``name`` and ``title`` (the same value can
be asked for under another label) and passes any other keyword to
``colander.SchemaNode`` (``missing``, ``description``, ``autocomplete``...).
"""
from __future__ import annotations

import re

import colander

from .i18n import LANGUAGE_NAMES, _, available_languages
from .timezones import timezone_groups, timezone_names

MAX_TEXT = 200
MAX_EMAIL = 254
MAX_PHONE = 40
_DOMAIN_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


class InTurn:
    """Validators run in order, stopping at the first that refuses.

    ``colander.All`` runs every validator and joins their messages, so an
    address that is both malformed and undeliverable read "Enter an e-mail
    address like name@example.com." twice.  One clear message a field is
    enough: the next shows up only once the first is fixed.
    """

    def __init__(self, *validators):
        self.validators = validators

    def __call__(self, node, value):
        for validator in self.validators:
            validator(node, value)


def schema_of(*nodes: colander.SchemaNode) -> colander.Schema:
    """A form's schema: its fields in the order given.

    ``Form.schema()`` returns ``schema_of(name_node(), *new_password_nodes(request))``
    rather than building a ``colander.Schema`` and adding node by node, so
    every form reads as the list of its fields.
    """
    schema = colander.Schema()
    for node in nodes:
        schema.add(node)
    return schema


def single_line(node, value):
    """Refuse line breaks and other control characters: such values end up in mail headers and one-line fields."""
    if any(not ch.isprintable() for ch in value):
        raise colander.Invalid(node, _("field-control-characters",
                                       default="Use a single line without special characters."))


def internet_domain(node, value):
    """An address must be deliverable over the internet: ``name@host.tld``."""
    labels = value.rpartition("@")[2].split(".")
    if len(labels) < 2 or not all(_DOMAIN_LABEL.match(label) for label in labels) or labels[-1].isdigit():
        raise colander.Invalid(node, _("Enter an e-mail address like name@example.com."))


def _lower_stripped(value):
    return value.strip().lower() if isinstance(value, str) else value


def text_node(name: str, title, max_length: int = MAX_TEXT, **kw) -> colander.SchemaNode:
    """One line of text of at most ``max_length`` characters."""
    return colander.SchemaNode(colander.String(), name=name, title=title,
                               validator=InTurn(colander.Length(max=max_length), single_line), **kw)


def choice_node(name: str, title, choices, widget: str = "select", **kw) -> colander.SchemaNode:
    """One of ``choices`` (``(value, label)`` pairs), as a select or radio buttons; nothing else is accepted."""
    return colander.SchemaNode(colander.String(), name=name, title=title, widget=widget, choices=choices,
                               validator=colander.OneOf([value for value, _label in choices]), **kw)


def email_node(name: str = "email", title=None, **kw) -> colander.SchemaNode:
    """An e-mail address, stored lower-case, that mail can be delivered to."""
    kw.setdefault("autocomplete", "email")
    kw.setdefault("missing_msg", _("Enter your e-mail address."))
    return colander.SchemaNode(
        colander.String(), name=name, title=title or _("E-mail address"), widget="email",
        validator=InTurn(colander.Length(max=MAX_EMAIL), single_line,
                         colander.Email(msg=_("Enter an e-mail address like name@example.com.")),
                         internet_domain),
        preparer=_lower_stripped, **kw)


def name_node(name: str = "name", title=None, **kw) -> colander.SchemaNode:
    """A person's name."""
    kw.setdefault("autocomplete", "name")
    kw.setdefault("missing_msg", _("Enter your name."))
    return text_node(name, title or _("Name"), **kw)


def phone_node(name: str = "phone", title=None, **kw) -> colander.SchemaNode:
    """A phone number as typed (optional unless ``missing`` says otherwise)."""
    kw.setdefault("autocomplete", "tel")
    kw.setdefault("missing", "")
    return text_node(name, title or _("Phone (optional)"), MAX_PHONE, widget="tel", **kw)


def contact_nodes() -> list[colander.SchemaNode]:
    """A person's name, phone and mobile: what the preferences page and the API's ``PATCH /me`` edit alike."""
    return [name_node(), phone_node(title=_("Phone")), phone_node("mobile", title=_("Mobile"))]


def language_node(request, name: str = "language", title=None, **kw) -> colander.SchemaNode:
    """One of the portal's languages (``cc.languages``), each named in its own language."""
    languages = available_languages(request.registry.settings)
    kw.setdefault("missing_msg", _("Choose a language."))
    return colander.SchemaNode(colander.String(), name=name, title=title or _("Language"), widget="select",
                               choices=[(code, LANGUAGE_NAMES.get(code, code)) for code in languages],
                               validator=colander.OneOf(languages), **kw)


def timezone_node(name: str = "timezone", title=None, **kw) -> colander.SchemaNode:
    """A time zone from the list people pick from: grouped by region, each with its current offset."""
    zones = timezone_names()
    groups = timezone_groups()
    kw.setdefault("missing_msg", _("Choose a time zone."))
    return colander.SchemaNode(colander.String(), name=name, title=title or _("Time zone"), widget="select",
                               choices=[choice for _title, choices in groups for choice in choices],
                               choice_groups=groups, validator=colander.OneOf(zones), **kw)


def new_password_nodes(request, title=None, confirm_title=None) -> list[colander.SchemaNode]:
    """A new password and the same again, within the portal's password policy's length."""
    from .password_policy import PasswordPolicy

    policy = PasswordPolicy.from_settings(request.registry.settings)
    length = colander.Length(max=policy.max_length)
    return [
        colander.SchemaNode(colander.String(), name="password", title=title or _("New password"), widget="password",
                            autocomplete="new-password", strip=False, validator=length,
                            description=_("password-help", default="At least ${min} characters. A few unrelated "
                                                                   "words make a strong password that is easy to "
                                                                   "remember.", mapping={"min": policy.min_length}),
                            missing_msg=_("Choose a password.")),
        colander.SchemaNode(colander.String(), name="password_confirm",
                            title=confirm_title or _("New password again"),
                            widget="password", autocomplete="new-password", strip=False, validator=length,
                            missing_msg=_("Type the password again.")),
    ]


def check_new_password(request, values: dict, email: str, name: str) -> dict:
    """Errors for a new password typed twice: the policy's by the first, a mismatch by the second.

    Both at once, so that one round shows everything to fix.  Either
    field may be absent from ``values`` (refused by the schema already):
    its check is then left out.
    """
    from .password_policy import password_problem

    errors = {}
    password, again = values.get("password"), values.get("password_confirm")
    if isinstance(password, str):
        problem = password_problem(request, password, email or "", name or "")
        if problem:
            errors["password"] = problem
    if isinstance(password, str) and isinstance(again, str) and password != again:
        errors["password_confirm"] = _("The two passwords are not the same.")
    return errors
