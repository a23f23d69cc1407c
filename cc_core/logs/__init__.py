"""Logging: JSON lines with the request's id, and redaction of secrets.

``cc_core.logs.JsonFormatter`` and ``cc_core.logs.TextFormatter`` are
meant for the ini file's logging sections (docs/deployment.md, "Logs").
"""
from .context import current_request, request_id_from
from .formatters import JsonFormatter, TextFormatter
from .redact import REDACTED, redact_text, redact_value

__all__ = ["JsonFormatter", "TextFormatter", "current_request", "request_id_from", "REDACTED", "redact_text",
           "redact_value"]
