"""Log lines written during a request: its id, route and person, the access line, and no secrets.

The ``careless`` plugin logs what a hurried developer might: every form
body and every header of every request.  The attacker's requests below
post a password, send a Bearer token and a session cookie; none of it may
reach a log line.
"""
import io
import json
import logging

import pytest
from pyramid.events import NewRequest

from cc_core.api import hookimpl
from cc_core.logs import JsonFormatter
from cc_core.testing import DEMO_PASSWORD, do_login


def _log_everything(event):
    request = event.request
    logging.getLogger("careless").warning("request %s %s", dict(request.headers), request.POST.mixed())
    logging.getLogger("careless").warning("body", extra={"form": request.POST.mixed(),
                                                        "headers": dict(request.headers)})


class careless:   # noqa: N801  (a plugin module's stand-in)
    @staticmethod
    @hookimpl
    def cc_configure(config):
        config.add_subscriber(_log_everything, NewRequest)


careless.__name__ = "careless"
pytestmark = pytest.mark.cc_plugins(extra=[("careless", careless)])


@pytest.fixture
def log_lines():
    """JSON lines the root logger writes during the test, as dicts."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    lines: list[dict] = []
    yield lambda: lines.extend(json.loads(line) for line in stream.getvalue().splitlines()[len(lines):]) or lines
    root.removeHandler(handler)
    root.setLevel(old_level)


def test_attackers_secrets_never_reach_the_log(testapp, new_testapp, log_lines):
    do_login(testapp, "demo@example.com")
    testapp.get("/")
    session_cookie = dict(testapp.cookies)
    assert session_cookie
    attacker = new_testapp("198.51.100.7")
    form = attacker.get("/login").forms["login"]
    form["email"], form["password"] = "victim@example.com", "Attacker-Guess-42!"
    form.submit(headers={"X-Request-ID": "attack-1"}, status="*")
    attacker.get("/api/v1/me", headers={"Authorization": "Bearer cc_evil0token0value0123456789"}, status="*")
    attacker.post("/login", {"password": "Attacker-Guess-42!", "csrf_token": "forged-csrf-value-999"},
                  headers={"Cookie": "cc_session=stolen-session-cookie-xyz"}, status="*")
    text = json.dumps(log_lines())
    for secret in (DEMO_PASSWORD, "Attacker-Guess-42!", "cc_evil0token0value0123456789",
                   "stolen-session-cookie-xyz", "forged-csrf-value-999", *session_cookie.values()):
        assert secret not in text, secret
    careless_lines = [line for line in log_lines() if line["logger"] == "careless"]
    assert careless_lines and any(line.get("form", {}).get("password") == "[redacted]" for line in careless_lines)


def test_every_line_of_a_request_carries_its_id_route_and_person(testapp, log_lines):
    do_login(testapp, "demo@example.com")
    log_lines().clear()
    response = testapp.get("/", headers={"X-Request-ID": "trace-abc-123"})
    assert response.headers["X-Request-ID"] == "trace-abc-123"
    lines = [line for line in log_lines() if line.get("request_id") == "trace-abc-123"]
    assert {line["logger"] for line in lines} >= {"careless", "cc_core.access"}
    access = next(line for line in lines if line["logger"] == "cc_core.access")
    assert (access["method"], access["route"], access["status"]) == ("GET", "home", 200)
    assert access["duration_ms"] > 0 and access["statements"] >= 1 and isinstance(access["person_id"], int)
    assert set(access) >= {"time", "level", "message", "db_ms"}


def test_error_pages_have_an_access_line_with_their_status(testapp, log_lines):
    response = testapp.get("/nowhere", status=404)
    access = [line for line in log_lines() if line["logger"] == "cc_core.access"][-1]
    assert (access["status"], access["request_id"]) == (404, response.headers["X-Request-ID"])
    assert "route" not in access and "person_id" not in access


def test_lines_outside_a_request_have_no_request_fields(log_lines):
    logging.getLogger("cc_core.example").warning("worker idle")
    line = log_lines()[-1]
    assert line["message"] == "worker idle" and "request_id" not in line

