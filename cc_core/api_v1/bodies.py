"""Request bodies: JSON or multipart, validated by a form's own schema and checks.

An endpoint that takes a body names the :class:`cc_core.api.Form` whose
page takes the same input.  The body is turned into the fields a posted
form would have and goes through :func:`cc_core.forms.pipeline.validate`:
the schema, the control-character refusal, the form's ``check`` and the
``cc_validate_form`` hooks.  What the page refuses, the API refuses, with
the same message by the same field name.
"""
from __future__ import annotations

import json

from webob.multidict import MultiDict

from ..forms.pipeline import validate
from ..forms.values import cstruct_from_post, display_values
from ..i18n import _
from .json_schema import node_schema
from .problems import ApiProblem

JSON_TYPES = ("application/json",)
MULTIPART_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")


def posted_fields(request) -> MultiDict:
    """The body as form fields: a JSON object's members, or the multipart parts."""
    content_type = (request.content_type or "").lower()
    if content_type in MULTIPART_TYPES:
        return request.POST
    if content_type not in JSON_TYPES and request.body:
        raise ApiProblem(415)
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        raise ApiProblem(400, detail=_("api-bad-json", default="The body is not valid JSON.")) from None
    if not isinstance(data, dict):
        raise ApiProblem(422, errors={"": _("api-not-object", default="Send a JSON object.")})
    fields = MultiDict()
    for name, value in data.items():
        for item in (value if isinstance(value, list) else [value]):
            fields.add(name, _as_field(item))
    # Form code that reads ``request.POST`` (a form choosing its questions by
    # a posted category, say) then reads the JSON body's fields too.
    request.environ["webob._parsed_post_vars"] = (fields, request.body_file_raw)
    request.environ["cc.api.json_body"] = data
    return fields


def _type_errors(schema, data: dict, patch: bool) -> dict:
    """Members of a JSON body the form would take as text although the OpenAPI document says otherwise.

    A form field is text, so the page's pipeline would read ``{"a": 1}`` or
    ``42`` as the text of them; a JSON client that sends those for a text
    field has a bug it should hear about.  ``null`` empties a field in a
    ``PATCH`` (as in a JSON merge patch, and so documented); elsewhere it
    is refused like any other wrong type.  A value the form's own schema
    refuses (``"many"`` for a number) keeps the form's message.
    """
    errors = {}
    for node in schema.children:
        if node.name not in data or (patch and data[node.name] is None):
            continue
        described = node_schema(node)
        expected = described["type"]
        values = data[node.name] if expected == "array" else [data[node.name]]
        if expected == "array":
            values = values if isinstance(values, list) else [values]
            expected = described["items"].get("type", "string")
        wrong = any(value is None or isinstance(value, (dict, list))
                    or (expected == "string" and not isinstance(value, str)) for value in values)
        if wrong or (described["type"] != "array" and isinstance(data[node.name], list)):
            errors[node.name] = _("api-field-type", default="Send this field as ${type}.",
                                  mapping={"type": expected})
    return errors


def _as_field(value):
    """What a form field would carry for a JSON value; objects are refused by the schema as text."""
    if value is None:
        return ""
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, (int, float, str)):
        return str(value)
    return json.dumps(value)


def with_current_values(form, fields: MultiDict) -> MultiDict:
    """A ``PATCH`` body's fields completed with the values the form's page would show for the others.

    A ``PATCH`` names only what changes.  The whole form is still
    validated, so checks among fields and the plugins' hooks see every
    value, as they do when the page is posted with its fields filled in.
    """
    current = display_values(form.bound_schema, form.initial() or {})
    merged = MultiDict(fields)
    for node in form.bound_schema.children:
        if node.name not in fields:
            value = current.get(node.name, "")
            for item in (value if isinstance(value, (list, tuple, set)) else [value]):
                merged.add(node.name, item)
    return merged


def validated_values(request, form_factory, partial: bool = False) -> dict:
    """The body's values validated like the post of the form ``form_factory(request)`` makes.

    A 422 problem names each refused field.  The body is read before the
    form is made, so a form that looks at ``request.POST`` sees it.  With
    ``partial`` (a ``PATCH``), a field the body leaves out keeps the
    form's initial value, as if the page's form were sent unchanged there.
    """
    fields = posted_fields(request)
    form = form_factory(request)
    request.api_form = form
    form.state = form.initial_state() or {}
    data = request.environ.get("cc.api.json_body")
    errors = _type_errors(form.bound_schema, data, request.method == "PATCH") if isinstance(data, dict) else {}
    if errors:
        raise ApiProblem(422, errors=errors)
    if partial or request.method == "PATCH":
        fields = with_current_values(form, fields)
    cstruct = cstruct_from_post(form.bound_schema, fields)
    values, errors = validate(form, cstruct)
    if errors:
        raise ApiProblem(422, errors=errors)
    return values
