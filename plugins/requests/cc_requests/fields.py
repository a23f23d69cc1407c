"""Custom fields: extra questions a category asks on the new-request form.

A category's ``fields`` list holds *definitions*::

    {"name": "invoice", "type": "text", "required": true,
     "label": {"en": "Invoice number", "nb": "Fakturanummer"},
     "description": {"en": "As printed on the invoice"},          # optional
     "choices": [{"value": "web", "label": {"en": "Web shop"}}]}   # for "choice"

``type`` names a :class:`FieldType`.  The stock types are ``text``,
``number``, ``date``, ``choice`` and ``yesno``; plugins add more through
the ``cc_requests_field_types`` hook.  Answers are stored as JSON in
``Request.custom_values`` under the definition's ``name``; a form field is
called ``field_<name>`` so it cannot clash with the form's own fields.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import decimal
from typing import Any, Callable

import colander
from babel.numbers import format_decimal

from cc_core import api

from .i18n import _

PREFIX = "field_"
YES, NO = "yes", "no"


def _text(value, language) -> str:
    """A definition's per-language text (a dict) or plain string."""
    if isinstance(value, dict):
        return value.get(language) or value.get("en") or next(iter(value.values()), "")
    return str(value or "")


def _same(value):
    return value


def _plain(request, value) -> str:
    return str(value)


@dataclasses.dataclass(frozen=True)
class FieldType:
    """A kind of custom field.

    ``name``         what definitions put in ``"type"``
    ``title``        a short description for installers
    ``schema_type``  a callable returning the colander type (``colander.String``)
    ``widget``       the form widget (see ``cc_core/templates/forms.pt``)
    ``validator``    ``validator(definition)``: a colander validator or ``None``
    ``choices``      ``choices(definition, language)``: ``[(value, label)]`` for
                     select and radio widgets, or ``None``
    ``dump``         the validated value as JSON to store
    ``show``         ``show(request, stored)``: the stored value as text for people
    """

    name: str
    title: Any
    schema_type: Callable[[], colander.SchemaType] = colander.String
    widget: str = "text"
    validator: Callable[[dict], Any] | None = None
    choices: Callable[[dict, str], list] | None = None
    dump: Callable[[Any], Any] = _same
    show: Callable[[Any, Any], str] = _plain


def _choice_list(definition, language) -> list[tuple[str, str]]:
    return [(str(c.get("value")), _text(c.get("label") or c.get("value"), language))
            for c in definition.get("choices") or [] if isinstance(c, dict)]


def _show_number(request, value) -> str:
    return format_decimal(decimal.Decimal(str(value)), locale=request.locale_name)


#: Largest power of ten a number answer may have: "1e999999" is a number, but
#: writing it out on every view of the request would be a megabyte of digits.
MAX_EXPONENT = 15


def _finite(node, value) -> None:
    """Python's decimals read "NaN", "Infinity" and "sNaN" too; nobody means those."""
    if not value.is_finite() or value.adjusted() > MAX_EXPONENT:
        raise colander.Invalid(node, _("Enter a number."))


def _show_date(request, value) -> str:
    return request.fmt.date(dt.date.fromisoformat(value))


def _show_yesno(request, value) -> str:
    return request.localizer.translate(_("Yes") if value else _("No"))


STOCK_TYPES = (
    FieldType("text", _("Short text"), validator=lambda d: colander.Length(max=int(d.get("max_length", 500)))),
    FieldType("number", _("Number"), schema_type=lambda: colander.Decimal(), widget="number",
              validator=lambda d: colander.All(_finite, colander.Range(min=d.get("min"), max=d.get("max"))),
              dump=lambda v: str(v), show=_show_number),
    FieldType("date", _("Date"), schema_type=colander.Date, widget="date", dump=lambda v: v.isoformat(),
              show=_show_date),
    FieldType("choice", _("Choice"), widget="select",
              validator=lambda d: colander.OneOf([value for value, _label in _choice_list(d, "en")]),
              choices=_choice_list),
    FieldType("yesno", _("Yes or no"), widget="radio", validator=lambda d: colander.OneOf([YES, NO]),
              choices=lambda d, language: [(YES, _("Yes")), (NO, _("No"))], dump=lambda v: v == YES,
              show=_show_yesno),
)


def field_types(request) -> dict[str, FieldType]:
    """The stock types and those plugins add (a plugin's type may replace a stock one)."""
    types = {t.name: t for t in STOCK_TYPES}
    for result in api.plugin_manager(request).hook.cc_requests_field_types():
        for field_type in result or ():
            types[field_type.name] = field_type
    return types


def definitions(category) -> list[dict]:
    """The category's well-formed field definitions (malformed ones are skipped)."""
    if category is None:
        return []
    return [d for d in category.fields or [] if isinstance(d, dict) and d.get("name") and d.get("type")]


def schema_nodes(request, category) -> list[colander.SchemaNode]:
    """Colander nodes for the category's custom fields, in the viewer's language."""
    language = request.locale_name
    types = field_types(request)
    nodes = []
    for definition in definitions(category):
        field_type = types.get(definition["type"])
        if field_type is None:
            continue
        required = bool(definition.get("required"))
        node = colander.SchemaNode(
            field_type.schema_type(), name=PREFIX + definition["name"],
            title=_text(definition.get("label") or definition["name"], language),
            missing=colander.required if required else colander.null,
            missing_msg=_("custom-field-required", default="Please answer this question."))
        node.widget = field_type.widget
        description = definition.get("description")
        if description:
            node.description = _text(description, language)
        if field_type.choices is not None:
            node.choices = field_type.choices(definition, language)
        if field_type.validator is not None:
            node.validator = field_type.validator(definition)
        node.custom_field = definition["name"]
        nodes.append(node)
    return nodes


def stored_values(request, category, values: dict) -> dict:
    """The validated form values of the category's fields, as JSON to store."""
    types = field_types(request)
    stored = {}
    for definition in definitions(category):
        field_type = types.get(definition["type"])
        value = values.get(PREFIX + definition["name"], colander.null)
        if field_type is None or value in (colander.null, None, ""):
            continue
        stored[definition["name"]] = field_type.dump(value)
    return stored


def shown_values(request, req) -> list[tuple[str, str]]:
    """(label, text) for each answered custom field of a request, in the viewer's language.

    Answers to fields the category no longer defines are still shown,
    under their stored name, so nothing a customer wrote disappears.
    """
    language = request.locale_name
    types = field_types(request)
    answers = dict(req.custom_values or {})
    shown = []
    for definition in definitions(req.category):
        name = definition["name"]
        if name not in answers:
            continue
        value = answers.pop(name)
        field_type = types.get(definition["type"])
        label = _text(definition.get("label") or name, language)
        if field_type is not None and field_type.choices is not None and definition["type"] == "choice":
            text = dict(field_type.choices(definition, language)).get(str(value), str(value))
        elif field_type is not None:
            try:
                text = field_type.show(request, value)
            except (ValueError, TypeError, decimal.InvalidOperation):
                text = str(value)
        else:
            text = str(value)
        shown.append((label, text))
    shown.extend((name, str(value)) for name, value in answers.items())
    return shown
