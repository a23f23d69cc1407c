"""The stateless form pipeline every page with a form goes through.

A form is a :class:`Form` subclass: a colander schema, a template, and an
``apply`` method.  :func:`process_form` does the rest, the same way for
every plugin:

* ``GET`` renders the form with its initial values;
* ``POST`` verifies the signed hidden state and the one-time submission
  token, parses the fields with the schema, asks ``cc_validate_form``
  hooks, and on any error renders the form again with what was typed and a
  message by each field (status 200; passwords are never sent back);
* on success it claims the submission token, calls ``apply`` and answers
  ``303 See Other``.  A second post with the same token (a double click, a
  reload, a replay) is not applied again: it is redirected to where the
  first one led.

Everything the round trip needs travels in the form itself: nothing is
kept on the server between the ``GET`` and the ``POST`` but the used
submission tokens.
"""
from __future__ import annotations

import dataclasses
import mimetypes
import os
import re
import secrets
import typing

import colander
import sqlalchemy as sa
from itsdangerous import BadData, URLSafeTimedSerializer
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.renderers import render_to_response

from .control_chars import control_character_errors, without_controls
from .db import utcnow
from .i18n import _
from .models import FormSubmission
from .storage import StorageUnavailable
from .storage_outage import refuse_form

STATE_FIELD = "_state"
TOKEN_FIELD = "_submission"
CSRF_FIELD = "csrf_token"
MAX_STATE_AGE = 24 * 3600
#: Longest stored file name, extension included.
MAX_FILENAME = 200
_EXTENSION = re.compile(r"(\.[A-Za-z0-9]{1,10}){1,2}$")


class BadState(Exception):
    """The signed hidden state was tampered with, or is too old."""


@dataclasses.dataclass
class UploadedFile:
    """A file that passed the size and type checks, not yet stored anywhere."""

    filename: str
    content_type: str
    size: int
    file: typing.BinaryIO

    def read(self) -> bytes:
        self.file.seek(0)
        return self.file.read()


def safe_filename(name: str) -> str:
    """A file name without folders, control characters or leading dots."""
    name = os.path.basename((name or "").replace("\\", "/"))
    name = "".join(ch for ch in name if ch.isprintable() and ch not in '<>:"/\\|?*').strip().lstrip(".")
    if len(name) > MAX_FILENAME:
        # Cut the stem, not the extension: the type is read from the extension.
        # ``.tar.gz`` is one type: keep up to two short suffixes.
        match = _EXTENSION.search(name)
        extension = match.group(0) if match else ""
        name = name[:MAX_FILENAME - len(extension)].rstrip() + extension
    return name or "file"


class FileUpload(colander.SchemaType):
    """A colander type for one uploaded file, checked before it is stored.

    Node attributes: ``max_bytes`` (a number, or a callable taking the
    request's settings), ``allowed_types`` (MIME types or ``type/*``
    patterns).  The type is taken from the file name, not from what the
    browser claims, and must be in the allowed list.
    """

    def serialize(self, node, appstruct):
        return colander.null

    def deserialize(self, node, cstruct):
        if cstruct in (colander.null, None, b"", "") or not hasattr(cstruct, "file"):
            return colander.null
        if not getattr(cstruct, "filename", None):
            return colander.null
        fp = cstruct.file
        fp.seek(0, os.SEEK_END)
        size = fp.tell()
        fp.seek(0)
        filename = safe_filename(cstruct.filename)
        max_bytes = getattr(node, "max_bytes", None)
        if max_bytes and size > max_bytes:
            raise colander.Invalid(node, _(
                "file-too-large",
                default="“${name}” is ${size}; files may be at most ${max}.",
                mapping={"name": filename, "size": human_size(size), "max": human_size(max_bytes)}))
        if size == 0:
            raise colander.Invalid(node, _("file-empty", default="“${name}” is empty.", mapping={"name": filename}))
        content_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
        allowed = getattr(node, "allowed_types", None)
        if allowed and not _type_allowed(content_type, allowed):
            raise colander.Invalid(node, _(
                "file-type-refused",
                default="Files of type ${type} (“${name}”) cannot be attached.",
                mapping={"type": content_type, "name": filename}))
        return UploadedFile(filename, content_type, size, fp)


def _type_allowed(content_type: str, allowed) -> bool:
    for pattern in allowed:
        if pattern == content_type or (pattern.endswith("/*") and content_type.startswith(pattern[:-1])):
            return True
    return False


def human_size(size: int) -> str:
    for unit in ("bytes", "kB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    return str(size)


def _serializer(request, salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(request.registry.settings["cc.secret"], salt=salt)


def sign(request, purpose: str, data) -> str:
    """Sign ``data`` (JSON-serialisable) for ``purpose``; see :func:`unsign`."""
    return _serializer(request, f"cc.{purpose}").dumps(data)


def unsign(request, purpose: str, token: str, max_age: int = MAX_STATE_AGE):
    """Return the data signed by :func:`sign`, or raise :class:`BadState`."""
    try:
        return _serializer(request, f"cc.{purpose}").loads(token or "", max_age=max_age)
    except BadData as exc:
        raise BadState(str(exc)) from exc


class Form:
    """Base class of every form.  Subclasses set or override:

    ``id``            stable id: the HTML ``id`` and the name hooks see
    ``template``      renderer of the page that shows the form
    ``schema()``      a colander schema instance (bound with the request)
    ``initial()``     values shown on the first ``GET``
    ``initial_state()`` data that travels signed in the form
    ``recovered_state()`` the state after a refused (tampered, expired) one
    ``check(values, state)`` extra checks: a dict of field → message
    ``apply(values, state)`` do it; return the URL to redirect to
    ``success_message`` flashed after ``apply``
    """

    id: str = "form"
    template: str = ""
    submit_label = _("Save")
    success_message = None
    one_time = True
    state_max_age = MAX_STATE_AGE

    def __init__(self, request, context=None):
        self.request = request
        self.context = context
        self.values: dict = {}
        self.errors: dict = {}
        self.state: dict = {}
        self.status = 200
        self._schema = None

    # -- to override --------------------------------------------------------
    def schema(self) -> colander.Schema:
        raise NotImplementedError

    def initial(self) -> dict:
        return {}

    def initial_state(self) -> dict:
        return {}

    def recovered_state(self) -> dict:
        """The state the form carries when shown again after its signed state was refused.

        By default the current :meth:`initial_state`.  A form that locks
        optimistically must return something else: nobody knows what the
        person saw, so a fresh version would let their next post overwrite
        whatever changed meanwhile, unnoticed.  It returns a state its
        ``apply`` takes as stale, so the next post shows the saved values
        beside the typed ones before anything is written.
        """
        return self.initial_state()

    def check(self, values: dict, state: dict) -> dict | None:
        return None

    def apply(self, values: dict, state: dict) -> str:
        raise NotImplementedError

    def template_values(self) -> dict:
        return {}

    @property
    def action(self) -> str:
        return self.request.path_qs

    # -- used by templates --------------------------------------------------
    @property
    def nodes(self) -> list:
        return [node for node in self.bound_schema.children if not getattr(node, "hidden_field", False)]

    def node(self, name: str):
        return self.bound_schema[name]

    @property
    def bound_schema(self):
        if self._schema is None:
            self._schema = self.schema().bind(request=self.request)
        return self._schema

    def value(self, name: str):
        value = self.values.get(name, "")
        return "" if value in (None, colander.null) else value

    def values_of(self, name: str) -> list:
        value = self.values.get(name)
        if value in (None, colander.null, ""):
            return []
        return value if isinstance(value, (list, tuple)) else [value]

    def error(self, name: str) -> str | None:
        return self.errors.get(name)

    @property
    def field_errors(self) -> list[tuple[str, str, str]]:
        """(field name, label, message) for the summary at the top."""
        out = []
        for name, message in self.errors.items():
            if not name:
                continue
            try:
                label = self.bound_schema[name].title
            except KeyError:
                label = name
            out.append((name, label, message))
        return out

    @property
    def hidden_fields(self) -> list[tuple[str, str]]:
        request = self.request
        fields = [(CSRF_FIELD, request.session.get_csrf_token())]
        fields.append((STATE_FIELD, sign(request, f"form.{self.id}", self.state)))
        if self.one_time:
            fields.append((TOKEN_FIELD, sign(request, "submission", secrets.token_hex(16))))
        return fields

    def render(self):
        values = {"form": self, **self.template_values()}
        response = render_to_response(self.template, values, request=self.request)
        response.status_int = self.status
        return response


def cstruct_from_post(schema, post) -> dict:
    """Turn the posted fields into colander's cstruct, one entry per node."""
    cstruct = {}
    for node in schema.children:
        name = node.name
        if isinstance(node.typ, colander.Sequence):
            values = [v for v in post.getall(name) if v not in ("",) and not _empty_upload(v)]
            cstruct[name] = values if values else colander.null
        elif isinstance(node.typ, colander.Boolean):
            cstruct[name] = "true" if post.get(name) not in (None, "", "false") else "false"
        elif isinstance(node.typ, colander.Set):
            cstruct[name] = post.getall(name) or colander.null
        else:
            value = post.get(name)
            if isinstance(value, str):
                value = value.strip() if getattr(node, "strip", True) else value
            cstruct[name] = colander.null if value in (None, "") else value
    return cstruct


def _empty_upload(value) -> bool:
    return hasattr(value, "file") and not getattr(value, "filename", None)


def _typed_values(schema, cstruct) -> dict:
    """What to show again in the fields: typed text, never passwords or files."""
    values = {}
    for node in schema.children:
        widget = getattr(node, "widget", "text")
        if widget in ("password", "file") or isinstance(node.typ, FileUpload):
            continue
        value = cstruct.get(node.name)
        if isinstance(node.typ, colander.Sequence):
            value = [v for v in (value or []) if isinstance(v, str)] if value is not colander.null else []
            value = [without_controls(v) for v in value]
        elif isinstance(value, str):
            value = without_controls(value)
        values[node.name] = value
    return values


def _display_values(schema, appstruct: dict) -> dict:
    values = {}
    for node in schema.children:
        value = appstruct.get(node.name, colander.null)
        if value is colander.null or value is None:
            values[node.name] = ""
            continue
        try:
            values[node.name] = node.serialize(value)
        except colander.Invalid:
            values[node.name] = value
    return values


def _translate_errors(request, invalid: colander.Invalid) -> dict:
    translate = request.localizer.translate
    errors = {}
    for path, message in invalid.asdict(translate=translate).items():
        name = path.split(".")[0]
        errors.setdefault(name, message)
    return errors


def process_form(form: Form):
    """Run the GET or POST side of ``form`` and return a response."""
    request = form.request
    schema = form.bound_schema
    if request.method != "POST":
        form.state = form.initial_state() or {}
        form.values = _display_values(schema, form.initial() or {})
        return form.render()

    post = request.POST
    cstruct = cstruct_from_post(schema, post)
    form.values = _typed_values(schema, cstruct)
    translate = request.localizer.translate
    try:
        form.state = unsign(request, f"form.{form.id}", post.get(STATE_FIELD), form.state_max_age) or {}
    except BadState:
        form.state = form.recovered_state() or {}
        form.errors = {"": translate(_(
            "form-state-invalid",
            default="This form was too old or had been altered, so it was not saved. "
                    "Your input is kept below: check it and send it again."))}
        form.status = 400
        return form.render()

    token = None
    if form.one_time:
        try:
            token = unsign(request, "submission", post.get(TOKEN_FIELD), form.state_max_age)
        except BadState:
            form.errors = {"": translate(_(
                "form-token-invalid",
                default="This form could not be accepted because it has expired. "
                        "Your input is kept below: send it again."))}
            form.status = 400
            return form.render()
        previous = _previous_result(request, token)
        if previous is not None:
            return previous

    values, errors = {}, {}
    try:
        values = schema.deserialize(cstruct)
    except colander.Invalid as invalid:
        errors = _translate_errors(request, invalid)
    # Before any check, hook or apply sees the values: a field the schema
    # let through with a control character is refused here.
    for name, message in control_character_errors(schema, cstruct).items():
        errors.setdefault(name, message)
    if not errors:
        errors = _collect_extra_errors(form, values)
    if errors:
        form.errors = {name: translate(msg) for name, msg in errors.items()}
        return form.render()

    if token is not None:
        previous = _claim(request, token)
        if previous is not None:
            return previous
    try:
        result = form.apply(values, form.state)
    except StorageUnavailable as exc:
        return refuse_form(form, exc)
    if form.errors:
        # apply() may still refuse (an optimistic-lock conflict, say).
        return form.render()
    if not isinstance(result, str):
        return result
    if token is not None:
        request.dbsession.execute(
            sa.update(FormSubmission).where(FormSubmission.token == token).values(result_url=result))
    if form.success_message:
        from .layout import flash

        flash(request, form.success_message)
    return HTTPSeeOther(location=result)


def _collect_extra_errors(form: Form, values: dict) -> dict:
    errors = dict(form.check(values, form.state) or {})
    hook = form.request.registry["cc.plugin_manager"].hook
    for result in hook.cc_validate_form(request=form.request, form_id=form.id, values=values):
        for name, message in (result or {}).items():
            errors.setdefault(name, message)
    return errors


def _person_id(request):
    person = request.person
    return person.id if person is not None else None


def _previous_result(request, token: str):
    """The redirect of an already applied post with this token, if any."""
    row = request.dbsession.get(FormSubmission, token)
    if row is None:
        return None
    return _replay(request, row)


def _replay(request, row: FormSubmission):
    """Redirect a repeated post to where the first one led, applying nothing.

    A token of somebody else's, or one whose first post is still being
    applied, leads home: nothing is applied and nothing is revealed.
    """
    from .layout import flash

    flash(request, _("form-already-sent", default="This form had already been sent."), "info")
    mine = row.person_id == _person_id(request) and row.result_url
    return HTTPSeeOther(location=row.result_url if mine else request.route_path("home"))


def _claim(request, token: str):
    """Insert the token; if another post got there first, replay its result.

    The insert runs in a savepoint: when a concurrent post holds the same
    token, the database makes this insert wait and then fail, and the
    savepoint lets the rest of the transaction go on to read the winner.
    """
    dbsession = request.dbsession
    try:
        with dbsession.begin_nested():
            dbsession.add(FormSubmission(token=token, person_id=_person_id(request), created_at=utcnow()))
    except sa.exc.IntegrityError:
        row = dbsession.get(FormSubmission, token, populate_existing=True)
        if row is None:  # pragma: no cover - the winner rolled back
            raise
        return _replay(request, row)
    return None

