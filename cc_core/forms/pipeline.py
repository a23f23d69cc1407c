"""Running a form: :func:`process_form` for its own URL, :func:`page_forms` for a page of several.

``GET`` shows the form prepared (:meth:`Form.prepare`).  ``POST`` first
verifies the signed state (so the schema may depend on it) and the
submission token, then parses the fields with the schema, refuses control
characters, asks ``check`` and the ``cc_validate_form`` hooks, and on any
error renders the form again with what was typed and the files that
passed their checks kept (:mod:`.kept_files`).  On success it calls
``apply``, records the token with its result (:mod:`.submissions`) and
answers ``303 See Other``.
"""
from __future__ import annotations

from collections.abc import Mapping

import colander
from pyramid.httpexceptions import HTTPSeeOther

from ..control_chars import control_character_errors
from ..i18n import _
from ..storage import StorageUnavailable
from ..storage_outage import refuse_form
from . import kept_files, submissions
from .base import STATE_FIELD, TOKEN_FIELD, Form
from .signing import BadState, unsign
from .values import accepted_values, cstruct_from_post, translate_errors, typed_values


def page_forms(forms: Mapping, posted: Form | None = None) -> dict:
    """The forms of a page that shows several: ``posted`` as it is, the others prepared.

    ``forms`` maps the page's names to new form instances.  The one of the
    same class and ``id`` as ``posted`` (the form whose post is being shown
    again with its errors) is replaced by it; every other one gets the
    ``GET`` half (:meth:`Form.prepare`).  A refused post thus comes back on
    a page whose other forms are exactly as a fresh ``GET`` shows them.
    """
    return {name: posted if _stands_for(form, posted) else form.prepare() for name, form in forms.items()}


def _stands_for(form: Form, posted: Form | None) -> bool:
    return posted is not None and type(form) is type(posted) and form.id == posted.id


def form_view(form_class: type[Form]):
    """The view of a page that is one form built from the request alone.

    ``profile = view_config(route_name=..., permission=...)(form_view(ProfileForm))``
    instead of a function whose body is ``process_form(ProfileForm(request))``.
    """
    def view(request):
        return process_form(form_class(request))

    view.__name__ = view.__qualname__ = f"{form_class.__name__}_view"
    view.__doc__ = form_class.__doc__
    return view


def process_form(form: Form):
    """Run the GET or POST side of ``form`` and return a response."""
    request = form.request
    if request.method != "POST":
        return form.prepare().render()

    post = request.POST
    translate = request.localizer.translate
    try:
        form.state = unsign(request, f"form.{form.id}", post.get(STATE_FIELD), form.state_max_age) or {}
        state_refused = False
    except BadState:
        form.state = form.recovered_state() or {}
        state_refused = True
    schema = form.bound_schema
    cstruct = cstruct_from_post(schema, post)
    form.values = typed_values(schema, cstruct)
    if state_refused:
        return _refuse(form, _(
            "form-state-invalid",
            default="This form was too old or had been altered, so it was not saved. "
                    "Your input is kept below: check it and send it again."))

    token = None
    if form.one_time:
        try:
            token = unsign(request, "submission", post.get(TOKEN_FIELD), form.state_max_age)
        except BadState:
            return _refuse(form, _(
                "form-token-invalid",
                default="This form could not be accepted because it has expired. "
                        "Your input is kept below: send it again."))
        previous = submissions.previous_result(request, token)
        if previous is not None:
            return previous

    kept, expired = kept_files.carried(form, post)
    kept_files.add_to_cstruct(cstruct, kept)
    values, errors = validate(form, cstruct)
    if expired:
        errors = {"": kept_files.expired_message(), **errors}
    if errors:
        form.errors = {name: translate(msg) for name, msg in errors.items()}
        kept_files.keep(form, schema, cstruct)
        return form.render()

    try:
        result = form.apply(values, form.state)
    except StorageUnavailable as exc:
        return refuse_form(form, exc)
    if form.errors:
        # apply() may still refuse (an optimistic-lock conflict, say).
        kept_files.keep(form, schema, cstruct)
        return form.render()
    if token is not None:
        # A result that is a response of its own is not replayed: its repeats lead home.
        submissions.record(request, token, result if isinstance(result, str) else "")
    if not isinstance(result, str):
        return result
    if form.success_message:
        from ..layout import flash

        flash(request, form.success_message, form.success_kind)
    return HTTPSeeOther(location=result)


def validate(form: Form, cstruct: dict) -> tuple[dict, dict]:
    """The validated values of ``cstruct`` and the errors (field name → message, untranslated).

    The schema, then control characters, then the form's ``check`` and the
    ``cc_validate_form`` hooks: the one validation of a form, shared by its
    page and by the JSON API, so the two can never accept different input.
    """
    schema = form.bound_schema
    values, errors = {}, {}
    try:
        values = schema.deserialize(cstruct)
    except colander.Invalid as invalid:
        errors = translate_errors(form.request, invalid)
        values = accepted_values(schema, cstruct, errors)
    # Before any check, hook or apply sees the values: a field the schema
    # let through with a control character is refused here.
    for name, message in control_character_errors(schema, cstruct).items():
        errors.setdefault(name, message)
    # Checks among fields run in the same round, on the fields that passed.
    for name, message in (form.check_fields({k: v for k, v in values.items() if k not in errors}) or {}).items():
        errors.setdefault(name, message)
    if not errors:
        errors = _collect_extra_errors(form, values)
    return values, errors


def _refuse(form: Form, message):
    """Show ``form`` again with ``message`` at the top and status 400."""
    form.errors = {"": form.request.localizer.translate(message)}
    form.status = 400
    return form.render()


def _collect_extra_errors(form: Form, values: dict) -> dict:
    errors = dict(form.check(values, form.state) or {})
    hook = form.request.registry["cc.plugin_manager"].hook
    for result in hook.cc_validate_form(request=form.request, form_id=form.id, values=values):
        for name, message in (result or {}).items():
            errors.setdefault(name, message)
    return errors
