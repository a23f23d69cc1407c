"""Transactional e-mail: a message is handed over only when the transaction commits.

A rolled-back request sends nothing.  ``mail.backend`` picks the delivery:

* ``files`` (development): each message is written as an ``.eml`` file in
  ``mail.files_dir`` (``var/mail``);
* ``smtp`` (tests and production): ``pyramid_mailer`` talks SMTP to
  ``mail.host``/``mail.port`` (with ``mail.username``, ``mail.password``,
  ``mail.tls`` and so on as ``pyramid_mailer`` documents them).

After the commit the message goes to an *outbox*: a thread of the
process hands it to the mailer, so no response waits for the SMTP server.
That keeps pages fast, and it keeps the account pages from telling, by
how long they take, whether an address has an account (a reset link is
mailed only to a known one).  ``mail.delivery = inline`` sends from the
request's thread instead.

Bodies are Chameleon templates rendered in the recipient's language: pass
``template="cc_core:templates/mail/example"`` and the files
``example.txt.pt`` and (optionally) ``example.html.pt`` are used; both can
be overridden by a theme like any other template.
"""
from __future__ import annotations

import atexit
import logging
import os
import queue
import re
import smtplib
import threading
import time
import uuid
import weakref

import transaction
from chameleon import PageTemplateFile
from pyramid.i18n import TranslationString, make_localizer
from pyramid.interfaces import ITranslationDirectories
from pyramid.path import AssetResolver
from pyramid_mailer.mailer import Mailer
from pyramid_mailer.message import Message

log = logging.getLogger(__name__)


def _one_line(text: str) -> str:
    """Header values must not contain line breaks (header injection)."""
    return " ".join(str(text).split())


class FileMailer:
    """Writes each message to a file; the development stand-in for SMTP."""

    def __init__(self, directory: str):
        self.directory = directory

    def send_immediately(self, message: Message) -> None:
        os.makedirs(self.directory, exist_ok=True)
        name = f"{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:8]}.eml"
        path = os.path.join(self.directory, name)
        with open(path, "wb") as fh:
            fh.write(message.to_message().as_bytes())
        log.info("mail to %s written to %s", ", ".join(message.recipients), path)


class _CRLFLineEnds:
    """SMTP wants CRLF line ends (RFC 5321), but ``repoze.sendmail`` hands
    ``smtplib`` the message as bytes with bare LF, which ``smtplib`` sends
    unchanged: a strict server then sees one line longer than 1000
    characters and refuses any but the shortest message."""

    def sendmail(self, from_addr, to_addrs, msg, *args, **kwargs):
        if isinstance(msg, bytes):
            msg = re.sub(rb"\r?\n", b"\r\n", msg)
        return super().sendmail(from_addr, to_addrs, msg, *args, **kwargs)


class _SMTP(_CRLFLineEnds, smtplib.SMTP):
    pass


class _SMTP_SSL(_CRLFLineEnds, smtplib.SMTP_SSL):
    pass


class Outbox:
    """Hands messages to a mailer from a thread of its own.

    The thread starts with the first message, so a server that forks its
    workers (gunicorn) starts one in each worker, after the fork.
    """

    def __init__(self, mailer):
        self.mailer = mailer
        self._queue: queue.Queue = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        _OUTBOXES.add(self)

    def send_immediately(self, message: Message) -> None:
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="cc-outbox", daemon=True)
                self._thread.start()
        self._queue.put(message)

    def _run(self) -> None:
        while True:
            message = self._queue.get()
            try:
                self.mailer.send_immediately(message)
            except Exception:  # logged; the next message may well go through
                log.exception("could not send mail %r to %s", message.subject, ", ".join(message.recipients))
            finally:
                self._queue.task_done()

    def wait(self, timeout: float = 10.0) -> bool:
        """Wait until every message handed over so far has been sent (or failed)."""
        deadline = time.monotonic() + timeout
        with self._queue.all_tasks_done:
            while self._queue.unfinished_tasks:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._queue.all_tasks_done.wait(left)
        return True


_OUTBOXES: "weakref.WeakSet[Outbox]" = weakref.WeakSet()


def wait_for_outboxes(timeout: float = 10.0) -> None:
    """Let every outbox of this process finish what it was given (tests; shutting down)."""
    for outbox in list(_OUTBOXES):
        outbox.wait(timeout)


atexit.register(wait_for_outboxes, 5.0)


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
              language: str | None = None, reply_to: str | None = None) -> Message:
    """Send a mail built from ``template`` when the current transaction commits.

    ``subject`` may be a TranslationString; it and the body are translated
    into ``language`` (default: the current request's).
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
    headers = {"Reply-To": _one_line(reply_to)} if reply_to else {}
    message = Message(
        subject=_one_line(localizer.translate(subject)),
        sender=_one_line(settings.get("mail.default_sender", "Customer Centre <noreply@localhost>")),
        recipients=[_one_line(r) for r in recipients],
        body=body, html=html, extra_headers=headers,
    )
    mailer = request.registry["cc.mailer"]

    def deliver(committed: bool) -> None:
        if not committed:
            return
        try:
            mailer.send_immediately(message)
        except Exception:  # the data is committed; a lost mail must not look like a failed request
            log.exception("could not send mail %r to %s", message.subject, recipients)

    transaction.get().addAfterCommitHook(deliver)
    return message


def includeme(config):
    settings = config.get_settings()
    backend = settings.get("mail.backend", "files")
    if backend == "files":
        mailer = FileMailer(settings.get("mail.files_dir") or os.path.join("var", "mail"))
    elif backend == "smtp":
        mailer = Mailer.from_settings(settings, prefix="mail.")
        mailer.smtp_mailer.smtp, mailer.smtp_mailer.smtp_ssl = _SMTP, _SMTP_SSL
    else:
        raise ValueError(f"mail.backend must be 'files' or 'smtp', not {backend!r}")
    delivery = settings.get("mail.delivery", "background")
    if delivery == "background":
        mailer = Outbox(mailer)
    elif delivery != "inline":
        raise ValueError(f"mail.delivery must be 'background' or 'inline', not {delivery!r}")
    config.registry["cc.mailer"] = mailer
