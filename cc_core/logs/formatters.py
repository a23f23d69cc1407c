"""Log formatters for the ini file's ``[formatter_*]`` sections: JSON for machines, text for people.

Both redact (:mod:`cc_core.logs.redact`) and both know the current
request (:mod:`cc_core.logs.context`), so the choice between them is only
the shape of the line::

    [formatter_json]
    class = cc_core.logs.JsonFormatter
"""
from __future__ import annotations

import datetime as dt
import json
import logging

from .context import request_fields
from .redact import REDACTED, is_sensitive, redact_text, redact_value

#: Attributes every LogRecord has; anything else on a record came from ``extra=``.
_STANDARD = frozenset(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime", "taskName"}


def redacted_message(record: logging.LogRecord) -> str:
    """The record's message with its arguments and its text redacted."""
    message = str(record.msg)
    if record.args:
        try:
            message = message % redact_value(record.args)
        except (TypeError, ValueError, KeyError):
            message = f"{message} {redact_value(record.args)!r}"
    return redact_text(message)


def extra_fields(record: logging.LogRecord) -> dict:
    """What the caller passed in ``extra=``, sensitive keys redacted."""
    return {key: REDACTED if is_sensitive(key) else redact_value(value)
            for key, value in vars(record).items() if key not in _STANDARD and not key.startswith("_")}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, the request's fields, the extras."""

    def format(self, record: logging.LogRecord) -> str:
        line = {"time": dt.datetime.fromtimestamp(record.created, dt.timezone.utc).isoformat(timespec="milliseconds"),
                "level": record.levelname, "logger": record.name, "message": redacted_message(record)}
        line.update(request_fields())
        line.update(extra_fields(record))
        if record.exc_info:
            line["exc_info"] = redact_text(self.formatException(record.exc_info))
        if record.stack_info:
            line["stack_info"] = self.formatStack(record.stack_info)
        return json.dumps(line, default=str, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    """The usual text line, redacted, with ``%(request_id)s`` (``-`` outside a request) for the format."""

    def format(self, record: logging.LogRecord) -> str:
        original = record.msg, record.args
        record.msg, record.args = redacted_message(record), None
        record.request_id = request_fields().get("request_id", "-")
        try:
            text = super().format(record)
        finally:
            record.msg, record.args = original
        return text

    def formatException(self, ei) -> str:
        return redact_text(super().formatException(ei))
