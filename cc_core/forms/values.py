"""Between the post, colander and the page: parsing fields and the values shown in them."""
from __future__ import annotations

import colander

from ..control_chars import without_controls
from .uploads import FileUpload


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


def typed_values(schema, cstruct) -> dict:
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


def display_values(schema, appstruct: dict) -> dict:
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


def accepted_values(schema, cstruct: dict, errors: dict) -> dict:
    """The fields of a refused post that the schema accepts on their own (those without an error)."""
    values = {}
    for node in schema.children:
        if node.name in errors:
            continue
        try:
            value = node.deserialize(cstruct.get(node.name, colander.null))
        except colander.Invalid:
            continue
        if value is not colander.drop:
            values[node.name] = value
    return values


def translate_errors(request, invalid: colander.Invalid) -> dict:
    translate = request.localizer.translate
    errors = {}
    for path, message in invalid.asdict(translate=translate).items():
        name = path.split(".")[0]
        errors.setdefault(name, message)
    return errors

