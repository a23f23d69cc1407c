"""The benchmark's own logic: form reading and filling, paging links, the
floor's page size, the HTTP client and the Python driver against a real
server, and the report's arithmetic.

Run with ``.venv/bin/pytest bench/tests``.
"""
import random
import threading
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest

from bench import floor_app, report
from bench.httpclient import parse_form
from bench.pages import deep_path, next_link
from bench.posts import FormPost, PageGet, fill, run_python

FORM_PAGE = """
<form id="search" method="get" action="/elsewhere"><input name="q" value="x"></form>
<form id="new-request" method="post" action="/requests/new" enctype="multipart/form-data">
  <input type="hidden" name="csrf_token" value="tok&amp;en">
  <input type="hidden" name="_state" value="signed.state">
  <input type="hidden" name="_submission" value="once">
  <input type="text" name="title" value="">
  <select name="category"><option value="">Choose…</option><option value="3">Billing</option></select>
  <input type="radio" name="urgent" value="no" checked><input type="radio" name="urgent" value="yes">
  <input type="checkbox" name="copy" value="1">
  <input type="number" name="seats">
  <input type="file" name="attachment">
  <textarea name="message">Old text</textarea>
  <button type="submit" name="go">Send</button>
</form>
"""


def test_the_form_is_read_by_its_id_with_hidden_fields_decoded():
    form = parse_form(FORM_PAGE, "new-request")
    assert form.action == "/requests/new"
    assert [(f.name, f.kind) for f in form.fields] == [
        ("csrf_token", "hidden"), ("_state", "hidden"), ("_submission", "hidden"), ("title", "text"),
        ("category", "select"), ("urgent", "radio"), ("urgent", "radio"), ("copy", "checkbox"),
        ("seats", "number"), ("attachment", "file"), ("message", "textarea")]
    assert form.field("csrf_token").value == "tok&en"
    assert form.field("category").options == ["", "3"]
    assert parse_form(FORM_PAGE, "missing") is None


def test_filling_keeps_tokens_chooses_real_options_and_marks_one_field():
    form = parse_form(FORM_PAGE, "new-request")
    fields = dict(fill(form, random.Random(1), {"seats": "7"}, ("title", "bench-1-1 printer")))
    assert fields["csrf_token"] == "tok&en" and fields["_state"] == "signed.state"
    assert fields["_submission"] == "once"
    assert fields["title"] == "bench-1-1 printer"
    assert fields["category"] == "3" and fields["urgent"] == "no" and fields["seats"] == "7"
    assert fields["message"] and fields["message"] != "Old text"
    assert "copy" not in fields and "attachment" not in fields and "go" not in fields


def test_next_links_are_followed_to_the_last_page():
    pages = {"/l": '<a href="/l?after=a&amp;n=2" rel="next">Next</a>',
             "/l?after=a&n=2": '<a rel="next" class="x" href="/l?after=b">Next</a>',
             "/l?after=b": "<p>last page</p>"}
    assert next_link(pages["/l"]) == "/l?after=a&n=2"
    assert deep_path(lambda path: (200, pages[path]), "/l", pages=10) == ("/l?after=b", 3)
    assert deep_path(lambda path: (200, pages[path]), "/l", pages=2) == ("/l?after=a&n=2", 2)
    with pytest.raises(RuntimeError):
        deep_path(lambda path: (404, ""), "/l")


@pytest.mark.parametrize("size", [4_000, 20_000])
def test_the_floor_page_has_the_size_asked_for(size):
    from webtest import TestApp

    body = TestApp(floor_app.make_app(size)).get("/").body
    assert abs(len(body) - size) < 150  # within about one row
    assert body.startswith(b"<!DOCTYPE html>")


class _Site:
    """A tiny WSGI site: a form that must come back with its one-time token."""

    def __init__(self):
        self.issued, self.used = 0, set()

    def __call__(self, environ, start_response):
        import urllib.parse

        if environ["REQUEST_METHOD"] == "POST":
            body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0)).decode()
            token = urllib.parse.parse_qs(body).get("_submission", [""])[0]
            fresh = token.startswith("t") and token not in self.used
            self.used.add(token)
            start_response("303 See Other" if fresh else "409 Conflict", [("Location", "/"), ("Content-Length", "0")])
            return [b""]
        self.issued += 1
        page = (f'<form id="f" method="post" action="/post"><input type="hidden" name="_submission" '
                f'value="t{self.issued}"><input name="title"></form>').encode()
        start_response("200 OK", [("Content-Type", "text/html"), ("Content-Length", str(len(page)))])
        return [page]


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


@pytest.fixture
def site():
    app = _Site()
    server = make_server("127.0.0.1", 0, app, server_class=_ThreadingServer, handler_class=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield app, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def test_each_post_gets_a_fresh_form_and_counts_as_one_success(site):
    app, url = site
    result, error = run_python(url, FormPost(["/form"], "f", "m", marked_field="title"), connections=4,
                               duration=0.5)
    assert error is None and result.errors == 0
    assert result.successes == result.requests == len(app.used) > 0
    page, _ = run_python(url, PageGet(["/form"]), connections=2, duration=0.3)
    assert page.successes == page.requests > 0 and page.median_ms > 0


def _result(rate, median=1.0, p99=2.0, errors=0):
    return {"rate": rate, "median_ms": median, "p99_ms": p99, "errors": errors}


def test_the_report_gives_ratios_to_the_floor_of_the_same_driver_and_lists_misses():
    database = {
        "label": "sqlite, 10 requests", "kind": "sqlite", "scale": 1.0, "seed_seconds": 1.0,
        "floor": {"page_bytes": 1000, "wrk": {"8": _result(1000.0)}, "python": {"8": _result(400.0)}},
        "pages": [{"name": "request view", "post": False, "bytes": 900, "results": {"8": _result(600.0, p99=60)}},
                  {"name": "reply (POST)", "post": True, "bytes": 100, "results": {"8": _result(20.0)}}],
        "integrity": [{"page": "reply (POST)", "successes": 5, "delta": {"requests_message": 5}, "marked": (5, 5),
                       "ok": True}],
        "servertime": [], "rss_mb": [100.0, 101.0],
        "coldstart": {"median_total_s": 1.0, "median_import_s": 0.1, "median_build_s": 0.5,
                      "median_first_request_s": 0.4, "median_wall_s": 1.2}}
    table = "\n".join(report.load_table(database))
    assert "| request view | 900 | 8 | 600.0 | 1.0 | 60.0 | 0 | 0.60 |" in table
    assert "| reply (POST) | 100 | 8 | 20.0 | 1.0 | 2.0 | 0 | 0.05 |" in table
    targets = "\n".join(report.target_lines([database]))
    assert "request view p99 at 8: 60.0 ms" in targets
    assert "reply (POST) at 8: 0.05× floor (target 0.1×)" in targets
    assert "request view at 8" not in targets.replace("request view p99 at 8", "")


def test_the_fixed_cost_is_the_layout_page_above_the_floor_and_lists_read_less():
    database = {
        "label": "sqlite, 10 requests", "kind": "sqlite", "scale": 1.0, "seed_seconds": 1.0,
        "floor": {"page_bytes": 1000, "wrk": {"8": _result(1000.0)}, "python": {"8": _result(400.0)},
                  "servertime": {"name": "floor", "count": 10, "median_ms": 0.3, "p95_ms": 0.4, "p99_ms": 0.5,
                                 "statements": 0, "status": 200}},
        "pages": [{"name": report.LAYOUT_ONLY, "post": False, "bytes": 900, "results": {"8": _result(100.0)}},
                  {"name": "request list, page 1", "post": False, "bytes": 900, "results": {"8": _result(160.0)}},
                  {"name": "home", "post": False, "bytes": 900, "results": {"8": _result(240.0)}}],
        "integrity": [], "rss_mb": [100.0],
        "servertime": [{"name": report.LAYOUT_ONLY, "count": 10, "median_ms": 1.1, "p95_ms": 1.2, "p99_ms": 1.3,
                        "statements": 3, "status": 200}],
        "coldstart": {"median_total_s": 1.0, "median_import_s": 0.1, "median_build_s": 0.5,
                      "median_first_request_s": 0.4, "median_wall_s": 1.2}}
    fixed = report.fixed_cost(database)
    assert round(fixed["extra_ms"], 2) == 0.8 and fixed["statements"] == 3
    targets = "\n".join(report.target_lines([database]))
    assert "fixed cost 0.80 ms above the floor with 3 statements (target 0.5 ms, 2)" in targets
    assert "home at 8: 0.24× floor (target 0.25×)" in targets
    assert "request list, page 1 at 8" not in targets        # 0.16: lists need 0.15
    assert f"{report.LAYOUT_ONLY} at 8" not in targets      # judged by its server time, not a ratio
    assert "| sqlite | 1 | floor (static template, no database) | 0.30 |" in "\n".join(
        report.servertime_table([database]))


def test_the_helpdesk_list_is_its_shell_and_its_data_served_one_after_the_other():
    from bench.helpdesk_compare import Side, markdown

    side = Side([["/tickets/my-tickets/"], ["/api/user_tickets/"]], rates=[[40.0, 50.0, 60.0], [10.0, 9.0, 11.0]])
    assert round(side.rate(), 3) == round(1 / (1 / 50 + 1 / 10), 3)
    figures = {"started": "now", "connections": 8, "duration": 1.0, "rounds": 3, "portal_set": "sqlite",
               "pairs": [{"pair": "request list", "ratio": 3.6,
                          "portal": {"rate": 30.0, "bytes": [5000]},
                          "helpdesk": {"rate": side.rate(), "parts": [50.0, 10.0], "bytes": [9000, 8000]}}]}
    assert "| request list | 30.0 | 5,000 | 8.3 (50.0 and 10.0) | 9,000 + 8,000 | 3.6 |" in markdown(figures)
