"""Which characters a visitor's text may hold: the one rule every input follows.

PostgreSQL refuses a NUL in text (SQLite stores it), and the other
control characters have no business in a title, a name or a search: they
hide text from readers, split mail headers and confuse logs.  So text
with a control character is refused before it reaches a view or the
database, the same on every database.  Multi-line text keeps the three
controls a typist produces: tab, line feed and carriage return.
"""
from __future__ import annotations

import re

from .i18n import _

#: C0 controls, DEL and the C1 controls.
_ANY_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
#: The same, but tab, line feed and carriage return are text.
_CONTROL_IN_LINES = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def has_control(text: str, multiline: bool = False) -> bool:
    """Whether ``text`` holds a control character it may not hold."""
    pattern = _CONTROL_IN_LINES if multiline else _ANY_CONTROL
    return pattern.search(text) is not None


def without_controls(text: str) -> str:
    """``text`` with every control character but tab and line breaks removed (to show it back)."""
    return _CONTROL_IN_LINES.sub("", text)


def control_character_errors(schema, cstruct) -> dict:
    """A field error for each field whose text holds a control character.

    Checked before a form's ``check``, its hooks and its ``apply``, so no
    query and no database sees a NUL; the same on SQLite and PostgreSQL.
    A field the schema refused already keeps the schema's (more precise)
    message.  Multi-line fields (``widget="textarea"``) keep tab and line
    breaks.
    """
    errors = {}
    for node in schema.children:
        value = cstruct.get(node.name)
        texts = value if isinstance(value, (list, tuple)) else [value]
        multiline = getattr(node, "widget", "text") == "textarea"
        if any(isinstance(text, str) and has_control(text, multiline) for text in texts):
            errors[node.name] = _("field-control-character",
                                  default="This field contains characters that cannot be used here "
                                          "(invisible control characters). Remove them and send it again.")
    return errors
