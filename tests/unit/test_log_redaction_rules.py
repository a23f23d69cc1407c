"""Secrets never reach a log line, however a developer hands them to the logger."""
import json
import logging

from cc_core.logs import JsonFormatter, TextFormatter
from cc_core.logs.redact import redact_text

SECRETS = ("hunter2-Secret", "eyJhbGciOiJIUzI1NiJ9.payload.sig", "s3ss10n-cookie-value", "csrf-abc123XYZ")


def record(msg, args=(), exc_info=None, **extra):
    rec = logging.LogRecord("cc_core.example", logging.WARNING, __file__, 1, msg, args, exc_info)
    rec.__dict__.update(extra)
    return rec


def assert_clean(line: str):
    for secret in SECRETS:
        assert secret not in line, line


def test_text_patterns_are_redacted():
    assert redact_text("password=hunter2-Secret&email=a@b.c") == "password=[redacted]&email=a@b.c"
    assert redact_text("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig") == "Authorization: [redacted]"
    assert redact_text("sent Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig upstream") == "sent Bearer [redacted] upstream"
    assert redact_text("Cookie: cc_session=s3ss10n-cookie-value; lang=nb") == "Cookie: [redacted]"
    assert redact_text("{'new_password': 'hunter2-Secret', 'csrf_token': 'csrf-abc123XYZ'}") \
        == "{'new_password': '[redacted]', 'csrf_token': '[redacted]'}"
    assert redact_text('{"access_token": "eyJhbGciOiJIUzI1NiJ9.payload.sig"}') == '{"access_token": "[redacted]"}'
    assert redact_text("nothing to hide here: 42") == "nothing to hide here: 42"
    assert redact_text("password=[redacted]") == "password=[redacted]"     # idempotent


def test_json_lines_redact_arguments_extras_and_tracebacks():
    formatter = JsonFormatter()
    form = {"email": "a@example.com", "password": "hunter2-Secret", "csrf_token": "csrf-abc123XYZ"}
    headers = {"Authorization": "Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig", "Cookie": "cc_session=s3ss10n-cookie-value",
               "Accept": "text/html"}
    lines = [formatter.format(record("form %s headers %s", (form, headers))),
             formatter.format(record("posted %(password)s", ({"password": "hunter2-Secret"},))),
             formatter.format(record("login", form=form, headers=headers, token="csrf-abc123XYZ")),
             formatter.format(record("nested", data={"list": [{"session": "s3ss10n-cookie-value"}]}))]
    try:
        raise ValueError("bad password=hunter2-Secret")
    except ValueError:
        import sys

        lines.append(formatter.format(record("failed", exc_info=sys.exc_info())))
    for line in lines:
        assert_clean(line)
        data = json.loads(line)
        assert data["level"] == "WARNING" and data["logger"] == "cc_core.example"
    extras = json.loads(lines[2])
    assert extras["form"] == {"email": "a@example.com", "password": "[redacted]", "csrf_token": "[redacted]"}
    assert extras["headers"]["Accept"] == "text/html" and extras["token"] == "[redacted]"
    assert "ValueError" in json.loads(lines[4])["exc_info"]


def test_a_message_that_does_not_format_is_still_logged_and_redacted():
    line = JsonFormatter().format(record("two %s %s", ("password=hunter2-Secret",)))
    assert_clean(line)
    assert "two %s %s" in json.loads(line)["message"]


def test_text_lines_are_redacted_too_and_leave_the_record_as_it_was():
    formatter = TextFormatter("%(levelname)s %(request_id)s %(message)s")
    rec = record("form %s", ({"password": "hunter2-Secret"},))
    assert formatter.format(rec) == "WARNING - form {'password': '[redacted]'}"
    assert rec.args == {"password": "hunter2-Secret"}      # another handler formats it afresh
