"""JSON Schema (draft 2020-12, as OpenAPI 3.1 uses it) from the colander schemas forms validate with.

The API describes a request body with the very schema its view validates
the body with, converted here, so the description cannot drift from what
is accepted.  Only what colander can say is said: the type, required or
not, lengths, ranges, choices, e-mail addresses and titles.  Checks that
are code (a validator function, a form's ``check``, the plugins'
``cc_validate_form`` hooks) stay behind the description: a body the
schema allows can still be refused with a 422 naming the field.
"""
from __future__ import annotations

import colander

from ..fields import InTurn
from ..forms import FileUpload


def node_schema(node: colander.SchemaNode, translate=str) -> dict:
    """The JSON Schema of one node (its own type and constraints)."""
    typ = node.typ
    if isinstance(typ, colander.Mapping):
        return object_schema(node, translate)
    if isinstance(typ, (colander.Sequence, colander.Set)):
        item = node_schema(node.children[0], translate) if node.children else {"type": "string"}
        schema = {"type": "array", "items": item}
    elif isinstance(typ, FileUpload):
        schema = {"type": "string", "format": "binary"}
    elif isinstance(typ, colander.Boolean):
        schema = {"type": "boolean"}
    elif isinstance(typ, colander.Integer):
        schema = {"type": "integer"}
    elif isinstance(typ, (colander.Float, colander.Decimal)):
        schema = {"type": "number"}
    elif isinstance(typ, colander.DateTime):
        schema = {"type": "string", "format": "date-time"}
    elif isinstance(typ, colander.Date):
        schema = {"type": "string", "format": "date"}
    else:
        schema = {"type": "string"}
    for validator in _validators(node.validator):
        _constrain(schema, validator)
    if schema["type"] == "string" and node.missing is colander.required and "format" not in schema:
        # A form reads an empty or blank field as not filled in.
        schema["pattern"] = r"\S"
    if node.title:
        schema["title"] = translate(node.title)
    if node.description:
        schema["description"] = translate(node.description)
    return schema


def object_schema(node: colander.SchemaNode, translate=str) -> dict:
    """An object with one property per child; children without a default are required."""
    properties = {}
    required = []
    for child in node.children:
        properties[child.name] = node_schema(child, translate)
        if child.missing is colander.required:
            required.append(child.name)
    schema = {"type": "object", "properties": properties}
    if required:
        schema["required"] = required
    return schema


def _validators(validator):
    if validator is None:
        return []
    if isinstance(validator, (colander.All, InTurn)):
        return [inner for part in validator.validators for inner in _validators(part)]
    return [validator]


def _constrain(schema: dict, validator) -> None:
    kind = schema.get("type")
    if isinstance(validator, colander.Length):
        low, high = ("minItems", "maxItems") if kind == "array" else ("minLength", "maxLength")
        if validator.min is not None:
            schema[low] = validator.min
        if validator.max is not None:
            schema[high] = validator.max
    elif isinstance(validator, colander.Range) and kind in ("integer", "number"):
        if validator.min is not None:
            schema["minimum"] = validator.min
        if validator.max is not None:
            schema["maximum"] = validator.max
    elif isinstance(validator, colander.OneOf):
        if kind == "array":
            schema["items"]["enum"] = list(validator.choices)
        else:
            schema["enum"] = list(validator.choices)
    elif isinstance(validator, colander.Email) and kind == "string":
        schema["format"] = "email"
