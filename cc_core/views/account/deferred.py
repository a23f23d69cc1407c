"""Account mails decided in a job, so the pages cannot tell whether an address has an account.

``/password/forgot``, ``/login/link`` and ``/register`` each queue one
``cc.account_mail`` job with the address, whatever it is: the request does
the same statements and the same work for a known address as for an
unknown one, and its timing says nothing.  The job then looks the address
up and mails (a link, or "someone tried to register your address"), or
not; for a new registration it also creates the person.

With ``mail.delivery = inline`` (tests) the same decision runs in the
request instead, and gives that guarantee up.
"""
from __future__ import annotations

from pyramid.request import Request
from pyramid.scripting import prepare

from ...jobs.enqueue import enqueue
from ...jobs.registry import JobHandler
from ...i18n import _
from ...models import Person
from . import common

ACCOUNT_MAIL_JOB = "cc.account_mail"


def defer_account_mail(request, kind: str, email: str, **fields) -> None:
    """Queue the decision about mailing ``email`` (``kind``: ``reset``, ``login`` or ``register``)."""
    payload = {"kind": kind, "email": email.strip().lower(), "base_url": request.application_url,
               "language": request.locale_name, **fields}
    if request.registry.settings.get("mail.delivery", "queue") == "inline":
        decide(request, payload)
    else:
        enqueue(request, ACCOUNT_MAIL_JOB, payload)


def decide(request, payload: dict) -> None:
    """Mail what the address's account calls for; nothing for an address with none."""
    kind = payload["kind"]
    person = common.find_person(request, payload["email"])
    if kind == "reset":
        if person is not None and person.is_active:
            common.mail_reset(request, person)
    elif kind == "login":
        if person is not None and person.is_active and person.email_confirmed:
            common.mail_login_link(request, person)
    elif kind == "register":
        _register(request, person, payload)
    else:
        raise ValueError(f"unknown account mail {kind!r}")


def _register(request, person: Person | None, payload: dict) -> None:
    if person is None:
        email = payload["email"]
        person = Person(email=email, name=payload["name"], phone=payload["phone"],
                        password_hash=payload["password_hash"], language=payload["language"], email_confirmed=False,
                        company=common.company_for_email(request.dbsession, request.registry.settings, email))
        request.dbsession.add(person)
        request.dbsession.flush()
        common.mail_confirmation(request, person)
    elif person.is_active:
        confirm = None
        if not person.email_confirmed:
            confirm = common.token_url(request, "register_confirm", "register", person)
        common.mail_person(request, person, _("Someone tried to register your address"), "register_exists",
                           confirm_link=confirm, reset_link=request.route_url("password_forgot"),
                           login_link=request.route_url("login"))


def run_account_mail(job) -> None:
    """The job: a request like the one that queued it (its address, language), on the job's session."""
    registry = job.pyramid_registry()
    request = Request.blank("/", base_url=job.payload["base_url"])
    with prepare(request=request, registry=registry) as env:
        request = env["request"]
        request.dbsession = job.dbsession
        request.locale_name = job.payload["language"]
        decide(request, job.payload)


ACCOUNT_MAIL_HANDLER = JobHandler(name=ACCOUNT_MAIL_JOB, run=run_account_mail)

__all__ = ["defer_account_mail", "decide", "ACCOUNT_MAIL_JOB", "ACCOUNT_MAIL_HANDLER"]
