"""Transactional e-mail: a message is handed over only when the transaction commits.

A rolled-back request sends nothing.  ``mail.backend`` picks the delivery:

* ``files`` (development): each message is written as an ``.eml`` file in
  ``mail.files_dir`` (``var/mail``);
* ``smtp`` (tests and production): ``pyramid_mailer`` talks SMTP to
  ``mail.host``/``mail.port`` (with ``mail.username``, ``mail.password``,
  ``mail.tls`` and so on as ``pyramid_mailer`` documents them).

With ``mail.delivery = queue`` (the default) the message's parts (sender,
recipients, subject, rendered bodies, header fields) are a job
(``cc.mail``) added to the request's transaction: the worker builds the
MIME text (:func:`mime_text`) and sends it, so a page pays only for
rendering the bodies.  It is sent by a
worker (``cc worker``, docs/jobs.md), retried while the relay is down or
answers 4xx, and kept as failed with the server's answer on a 5xx.  No
page waits for the SMTP server, and a process killed after the commit
loses no mail.  Each message gets its Message-ID when it is sent, so a
retry after an unclear failure resends the same message, never a second
one.  ``mail.delivery = inline`` sends from the request's thread after the
commit instead (tests that want the mail at once).

Bodies are Chameleon templates rendered in the recipient's language: pass
``template="cc_core:templates/mail/example"`` and the files
``example.txt.pt`` and (optionally) ``example.html.pt`` are used; both can
be overridden by a theme like any other template.
"""
from __future__ import annotations

import email
import email.policy
import email.utils
import logging
import os

import transaction
from chameleon import PageTemplateFile
from pyramid.i18n import TranslationString, make_localizer
from pyramid.interfaces import ITranslationDirectories
from pyramid.path import AssetResolver
from pyramid_mailer.message import Message

from .jobs.enqueue import enqueue
from .jobs.registry import JobFailed, JobHandler
from .mail_transport import permanent_refusal, transport_from_settings
from .metrics.definitions import MAIL_FAILED, MAIL_SENT

log = logging.getLogger(__name__)


def _one_line(text: str) -> str:
    """Header values must not contain line breaks (header injection)."""
    return " ".join(str(text).split())


def localizer_for(request, language: str | None):
    if not language or language == request.locale_name:
        return request.localizer
    dirs = request.registry.queryUtility(ITranslationDirectories, default=[])
    return make_localizer(language, dirs)


def _translator(localizer):
    def translate(msgid, domain=None, mapping=None, context=None, target_language=None, default=None):
        if not isinstance(msgid, TranslationString):
            msgid = TranslationString(msgid, domain=domain, default=default, mapping=mapping, context=context)
        return localizer.translate(msgid)

    return translate


_templates: dict[str, PageTemplateFile] = {}


def render_template(spec: str, values: dict, localizer) -> str:
    path = AssetResolver().resolve(spec).abspath()
    template = _templates.get(path)
    if template is None:
        template = _templates[path] = PageTemplateFile(path)
    return template(translate=_translator(localizer), **values)


def send_mail(request, to: list[str] | str, subject, template: str, values: dict | None = None,
              language: str | None = None, reply_to: str | None = None,
              headers: dict | None = None) -> Message:
    """Send a mail built from ``template`` when the current transaction commits.

    ``subject`` may be a TranslationString; it and the body are translated
    into ``language`` (default: the current request's).  ``headers`` adds
    header fields (an answer to inbound mail sets ``Auto-Submitted`` and
    ``In-Reply-To``); their values are kept to one line.
    """
    recipients = [to] if isinstance(to, str) else list(to)
    localizer = localizer_for(request, language)
    values = {"request": request, "site_name": request.registry.settings.get("cc.site_name", "Customer Centre"),
              **(values or {})}
    body = render_template(template + ".txt.pt", values, localizer)
    html_spec = template + ".html.pt"
    html = render_template(html_spec, values, localizer) if os.path.exists(
        AssetResolver().resolve(html_spec).abspath()) else None
    settings = request.registry.settings
    headers = {name: _one_line(value) for name, value in (headers or {}).items()}
    if reply_to:
        headers["Reply-To"] = _one_line(reply_to)
    sender = _one_line(settings.get("mail.default_sender", "Customer Centre <noreply@localhost>"))
    headers["Message-ID"] = email.utils.make_msgid(domain=_sender_domain(sender))
    parts = {"sender": sender, "recipients": [_one_line(r) for r in recipients],
             "subject": _one_line(localizer.translate(subject)), "body": body, "html": html, "headers": headers}
    if settings.get("mail.delivery", "queue") == "inline":
        _deliver_after_commit(request.registry["cc.mail.transport"], parts, getattr(request, "tm", None))
    else:
        enqueue(request, MAIL_JOB, parts)
    return _message(parts)


def _message(parts: dict) -> Message:
    """The message of :func:`send_mail`'s ``parts`` (a mail job's payload)."""
    return Message(subject=parts["subject"], sender=parts["sender"], recipients=parts["recipients"],
                   body=parts["body"], html=parts["html"], extra_headers=dict(parts["headers"]))


def mime_text(payload: dict) -> str:
    """The message as sent: MIME text, built where it is sent rather than in the page that sent it.

    A job queued before messages were built by the worker carries it
    whole as ``message``.  The Message-ID was chosen when the mail was
    sent (:func:`send_mail`), so every attempt sends the same message.
    """
    if "message" in payload:
        return payload["message"]
    return _message(payload).to_message().as_string()


def mail_subject(payload: dict) -> str:
    """The subject of a mail job's message (for the pages that list failed mail)."""
    if "message" in payload:
        return str(email.message_from_string(payload["message"] or "", policy=email.policy.default)["Subject"] or "")
    return payload.get("subject") or ""


MAIL_JOB = "cc.mail"


def _sender_domain(sender: str) -> str:
    address = email.utils.parseaddr(sender)[1]
    return address.rpartition("@")[2] or "localhost"


def _deliver_after_commit(transport, parts: dict, manager=None) -> None:
    def deliver(committed: bool) -> None:
        if not committed:
            return
        recipients = parts["recipients"]
        try:
            transport.send(parts["sender"], recipients, mime_text(parts).encode("utf-8"))
        except Exception as exc:  # the data is committed; a lost mail must not look like a failed request
            MAIL_FAILED.labels("true" if permanent_refusal(exc) is not None else "false").inc()
            log.exception("could not send mail to %s", recipients)
        else:
            MAIL_SENT.inc()

    (manager or transaction.manager).get().addAfterCommitHook(deliver)


def run_mail_job(job) -> None:
    """The ``cc.mail`` job: hand a queued message to the transport.

    A 5xx answer fails the job at once with the server's words; anything
    else (4xx, a refused connection, a timeout) raises for a retry.
    """
    payload = job.payload
    transport = transport_from_settings(job.settings)
    try:
        transport.send(payload["sender"], payload["recipients"], mime_text(payload).encode("utf-8"))
    except Exception as exc:
        answer = permanent_refusal(exc)
        MAIL_FAILED.labels("true" if answer is not None else "false").inc()
        if answer is not None:
            raise JobFailed(f"the mail server refused the message: {answer}") from exc
        raise
    MAIL_SENT.inc()


MAIL_HANDLER = JobHandler(name=MAIL_JOB, run=run_mail_job, uses_database=False)


def includeme(config):
    settings = config.get_settings()
    delivery = settings.get("mail.delivery", "queue")
    if delivery not in ("queue", "inline"):
        raise ValueError(f"mail.delivery must be 'queue' or 'inline', not {delivery!r}")
    config.registry["cc.mail.transport"] = transport_from_settings(settings)
