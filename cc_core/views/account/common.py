"""What the account flows share: settings, form fields, throttling and mail."""
from __future__ import annotations

import datetime as dt
import re

import colander
import sqlalchemy as sa
from babel.dates import format_timedelta
from pyramid.httpexceptions import HTTPTooManyRequests
from pyramid.settings import asbool

from ...i18n import _
from ...mail import send_mail
from ...models import Company, Person
from ...throttle import Throttle
from ...tokens import token_ttl, token_url

REGISTRATION_MODES = ("open", "domains", "closed")


# -- settings -------------------------------------------------------------------

def registration_mode(settings) -> str:
    """``cc.registration``: ``open`` (default), ``domains`` or ``closed``."""
    mode = (settings.get("cc.registration") or "open").strip().lower()
    if mode not in REGISTRATION_MODES:
        raise ValueError(f"cc.registration must be one of {', '.join(REGISTRATION_MODES)}, not {mode!r}")
    return mode


def registration_domains(settings) -> dict[str, str]:
    """``cc.registration.domains``: one ``domain = company name`` a line."""
    domains = {}
    for line in (settings.get("cc.registration.domains") or "").splitlines():
        domain, sep, company = line.partition("=")
        if sep and domain.strip() and company.strip():
            domains[domain.strip().lower()] = company.strip()
    return domains


def login_links_enabled(settings) -> bool:
    return asbool(settings.get("cc.login_links", False))


def company_for_email(dbsession, settings, email: str) -> Company | None:
    """The company the address's domain is mapped to, created on first use."""
    name = registration_domains(settings).get(email.rpartition("@")[2])
    if name is None:
        return None
    company = dbsession.scalar(sa.select(Company).where(Company.name == name).order_by(Company.id).limit(1))
    if company is None:
        company = Company(name=name)
        dbsession.add(company)
    return company


# -- fields ---------------------------------------------------------------------

def single_line(node, value):
    """Refuse control characters: names end up in mail headers and bodies."""
    if any(not ch.isprintable() for ch in value):
        raise colander.Invalid(node, _("field-control-characters",
                                       default="Use a single line without special characters."))


_DOMAIN_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


def internet_domain(node, value):
    """An address must be deliverable over the internet: ``name@host.tld``."""
    labels = value.rpartition("@")[2].split(".")
    if len(labels) < 2 or not all(_DOMAIN_LABEL.match(label) for label in labels) or labels[-1].isdigit():
        raise colander.Invalid(node, _("Enter an e-mail address like name@example.com."))


def email_node(**kw) -> colander.SchemaNode:
    return colander.SchemaNode(
        colander.String(), name=kw.pop("name", "email"), title=kw.pop("title", _("E-mail address")), widget="email",
        autocomplete=kw.pop("autocomplete", "email"),
        validator=colander.All(colander.Length(max=254), single_line,
                               colander.Email(msg=_("Enter an e-mail address like name@example.com.")),
                               internet_domain),
        preparer=lambda value: value.strip().lower() if isinstance(value, str) else value,
        missing_msg=_("Enter your e-mail address."), **kw)


def name_node() -> colander.SchemaNode:
    return colander.SchemaNode(colander.String(), name="name", title=_("Name"), autocomplete="name",
                               validator=colander.All(colander.Length(max=200), single_line),
                               missing_msg=_("Enter your name."))


def phone_node(name: str = "phone", title=None) -> colander.SchemaNode:
    return colander.SchemaNode(colander.String(), name=name, title=title or _("Phone (optional)"), widget="tel",
                               autocomplete="tel", missing="",
                               validator=colander.All(colander.Length(max=40), single_line))


def new_password_nodes(request) -> list[colander.SchemaNode]:
    from ...password_policy import PasswordPolicy

    policy = PasswordPolicy.from_settings(request.registry.settings)
    return [
        colander.SchemaNode(colander.String(), name="password", title=_("New password"), widget="password",
                            autocomplete="new-password", strip=False,
                            validator=colander.Length(max=policy.max_length),
                            description=_("password-help", default="At least ${min} characters. A few unrelated "
                                                                   "words make a strong password that is easy to "
                                                                   "remember.", mapping={"min": policy.min_length}),
                            missing_msg=_("Choose a password.")),
        colander.SchemaNode(colander.String(), name="password_confirm", title=_("New password again"),
                            widget="password", autocomplete="new-password", strip=False,
                            validator=colander.Length(max=policy.max_length),
                            missing_msg=_("Type the password again.")),
    ]


def check_new_password(request, values: dict, email: str, name: str) -> dict:
    """Errors for a new password typed twice: mismatch, then the policy."""
    from ...password_policy import password_problem

    if values["password"] != values["password_confirm"]:
        return {"password_confirm": _("The two passwords are not the same.")}
    problem = password_problem(request, values["password"], email, name)
    return {"password": problem} if problem else {}


# -- throttling -----------------------------------------------------------------

class MailThrottle(Throttle):
    """Limits how many account mails one address or one client can trigger.

    The login throttle's machinery with its own keys and limits: each
    accepted registration, reset, login-link or resend request counts, per
    e-mail address (``cc.account.max_mails_per_address``, default 5) and per
    client (``cc.account.max_requests_per_client``, default 20), within
    ``cc.account.window_seconds`` (default an hour).
    """

    def __init__(self, settings):
        super().__init__(int(settings.get("cc.account.window_seconds", 3600)),
                         int(settings.get("cc.account.max_mails_per_address", 5)),
                         int(settings.get("cc.account.max_requests_per_client", 20)))

    @staticmethod
    def keys(email: str, address: str | None) -> tuple[str, str]:
        return f"mail-to:{email.strip().lower()}", f"mail-from:{address or '-'}"


def mail_throttle(request) -> MailThrottle:
    registry = request.registry
    if "cc.mail_throttle" not in registry:
        registry["cc.mail_throttle"] = MailThrottle(registry.settings)
    return registry["cc.mail_throttle"]


def refuse_floods(request, email: str) -> None:
    """Answer 429 when this address or client has asked for too many mails."""
    if mail_throttle(request).is_locked(request.dbsession, email, request.client_address):
        raise HTTPTooManyRequests()


def count_mail_request(request, email: str) -> None:
    mail_throttle(request).record_failure(request.dbsession, email, request.client_address)


# -- mail -------------------------------------------------------------------------

def language_of(request, person: Person) -> str:
    return person.language or request.locale_name


def valid_for(request, language: str) -> str:
    """How long links live, in words of ``language`` ("2 hours", "2 timer")."""
    return format_timedelta(dt.timedelta(seconds=token_ttl(request.registry.settings)), locale=language)


def mail_person(request, person: Person, subject, template: str, **values) -> None:
    language = language_of(request, person)
    values = {"name": person.name, "email": person.email, "valid_for": valid_for(request, language), **values}
    send_mail(request, person.email, subject, f"cc_core:templates/mail/{template}", values, language=language)


def mail_link(request, person: Person, purpose: str, route: str, subject, template: str, **values) -> None:
    """Mail ``person`` a fresh one-time link of ``purpose`` to ``route``."""
    mail_person(request, person, subject, template, link=token_url(request, route, purpose, person), **values)


def mail_confirmation(request, person: Person) -> None:
    mail_link(request, person, "register", "register_confirm", _("Confirm your e-mail address"),
              "register_confirm")


def mail_reset(request, person: Person) -> None:
    mail_link(request, person, "reset", "password_reset", _("Choose a new password"), "password_reset")


def mail_login_link(request, person: Person) -> None:
    mail_link(request, person, "login", "login_link_use", _("Your login link"), "login_link")


MAILERS = {"register": mail_confirmation, "reset": mail_reset, "login": mail_login_link}


def find_person(request, email: str) -> Person | None:
    return request.dbsession.scalar(sa.select(Person).where(Person.email == email.strip().lower()))
