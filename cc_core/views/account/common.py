"""What the account flows share: settings, form fields, throttling and mail."""
from __future__ import annotations

import datetime as dt

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
