"""What customers attach is accepted; what could run is refused by its content; downloads cannot run."""
import pytest
import sqlalchemy as sa
from webtest import Upload

from cc_requests.demo import tiny_png
from cc_requests.models import Attachment, Request
from requests_testing import new_request_form

pytestmark = pytest.mark.cc_plugins("requests")

ORDINARY = {
    "gateway.log": b"2026-12-01 12:00:01 ERROR upstream timed out\n",
    "gateway.log.1": b"2026-11-30 23:59:59 WARN slow\n",
    "session.har": b'{"log": {"version": "1.2", "entries": []}}',
    "notes.text": b"plain words",
    "screen-recording.mp4": b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom",
    "IMG_0042.HEIC": b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic",
    "logs.zip": b"PK\x03\x04\x14\x00\x00\x00\x00\x00",
    "report.docx": b"PK\x03\x04 word/document.xml",
    "diagram.svg": b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="4" height="4"/></svg>',
    "export.xml": b'<?xml version="1.0"?><orders><order id="1"/></orders>',
    "whatever.bin": b"\x01\x02\x03",
}


def newest_request(dbsession):
    return dbsession.scalars(sa.select(Request).order_by(Request.id.desc())).first()


def attach(testapp, files: dict):
    form = new_request_form(testapp, title="Gateway timeouts", message="See the logs.")
    form["attachment"] = [Upload(name, content) for name, content in files.items()]
    return form.submit()


def test_files_customers_attach_to_support_requests_are_accepted(testapp, login, dbsession):
    login(testapp, "demo@example.com")
    first, rest = dict(list(ORDINARY.items())[:8]), dict(list(ORDINARY.items())[8:])
    for files in (first, rest):   # at most ten a post
        response = attach(testapp, files)
        assert response.status_int == 303, response.html.select_one(".error-summary")
        req = newest_request(dbsession)
        stored = dict(dbsession.execute(sa.select(Attachment.filename, Attachment.content_type)
                                        .where(Attachment.request_id == req.id)).all())
        assert set(stored) == set(files)
    assert stored["diagram.svg"] == "image/svg+xml"


@pytest.mark.parametrize("name, content, words", [
    ("setup.exe", b"MZ\x90\x00\x03\x00\x00\x00", "is a program"),
    ("invoice.pdf", b"MZ" + b"\x00" * 58 + (64).to_bytes(4, "little") + b"PE\x00\x00", "is a program"),
    ("tool", b"\x7fELF\x02\x01\x01\x00", "is a program"),
    ("helper.dat", b"\xcf\xfa\xed\xfe\x07\x00\x00\x01", "is a program"),
    ("run.bat", b"echo hello", "is a program"),
    ("page.html", b"<!doctype html><p>Hi<script>alert(1)</script>", "with a script in it"),
    ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "with a script in it"),
    ("notes.txt", b"<html><body><iframe src=//evil.example></iframe>", "with a script in it"),
    ("feed.xml", b'<?xml version="1.0"?><x:script xmlns:x="http://www.w3.org/1999/xhtml">alert(1)</x:script>',
     "with a script in it"),
])
def test_dangerous_content_is_refused_in_plain_words_naming_the_file(testapp, login, dbsession, name, content,
                                                                     words):
    login(testapp, "demo@example.com")
    before = dbsession.scalar(sa.select(sa.func.count()).select_from(Request))
    page = attach(testapp, {name: content})
    assert page.status_int == 200
    error = page.html.select_one("#new-request-attachment-error").get_text()
    assert f"“{name}”" in error and words in error
    assert "application/" not in error and "octet" not in error
    assert dbsession.scalar(sa.select(sa.func.count()).select_from(Request)) == before
    # Everything else typed is still there.
    assert page.forms["new-request"]["title"].value == "Gateway timeouts"


@pytest.mark.parametrize("name, content, served", [
    ("gateway.log", b"12:00 upstream timed out", "text/plain"),
    ("diagram.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="4" height="4"/></svg>',
     "application/octet-stream"),
    ("page.html", b"<!doctype html><title>saved page</title><p>no script</p>", "application/octet-stream"),
    ("photo.png", tiny_png(), "image/png"),
])
def test_every_download_is_served_so_it_cannot_run_in_the_portal(testapp, login, dbsession, name, content, served):
    login(testapp, "demo@example.com")
    attach(testapp, {name: content}).follow()
    attachment = dbsession.scalars(sa.select(Attachment).where(Attachment.request_id == newest_request(dbsession).id)
                                   ).one()
    download = testapp.get(f"/requests/{attachment.request_id}/attachments/{attachment.id}")
    assert download.body == content
    assert download.content_type == served
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert download.headers["Content-Security-Policy"].split(";")[0] == "sandbox"


def test_the_file_input_lets_people_pick_any_file(testapp, login):
    login(testapp, "demo@example.com")
    field = testapp.get("/requests/new").html.select_one("#new-request-attachment")
    assert field.get("accept") is None
