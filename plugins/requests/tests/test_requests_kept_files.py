"""Files that passed their checks survive a form that comes back for another field."""
import time

import pytest
import sqlalchemy as sa
from webtest import Upload

from cc_requests.models import Attachment, Request
from requests_testing import new_request_form

pytestmark = pytest.mark.cc_plugins("requests")


def newest_request(dbsession):
    return dbsession.scalars(sa.select(Request).order_by(Request.id.desc())).first()


def attachment_names(dbsession, req):
    return sorted(dbsession.scalars(sa.select(Attachment.filename).where(Attachment.request_id == req.id)))


def refused_with_a_file(testapp, **files):
    """Post a good file with a title too short: the form comes back."""
    form = new_request_form(testapp, title="ab")
    form["attachment"] = [Upload(name, content) for name, content in files.items()]
    page = form.submit()
    assert page.status_int == 200 and page.html.select_one("#new-request-title-error")
    return page


def test_a_file_sent_with_an_error_elsewhere_is_attached_once_the_field_is_fixed(testapp, login, dbsession):
    login(testapp, "demo@example.com")
    page = refused_with_a_file(testapp, **{"screenshot.png": b"\x89PNG kept bytes"})
    kept = page.html.select_one("#new-request-attachment-kept").get_text(" ", strip=True)
    assert "screenshot.png" in kept
    form = page.forms["new-request"]
    form["title"] = "Printer on fire"
    form.submit(status=303)
    req = newest_request(dbsession)
    assert req.title == "Printer on fire"
    assert attachment_names(dbsession, req) == ["screenshot.png"]
    [attachment] = req.messages[0].attachments
    assert attachment.size == len(b"\x89PNG kept bytes")
    download = testapp.get(f"/requests/{req.id}/attachments/{attachment.id}")
    assert download.body == b"\x89PNG kept bytes"


def test_a_kept_file_can_be_removed_and_new_ones_added(testapp, login, dbsession):
    login(testapp, "demo@example.com")
    page = refused_with_a_file(testapp, **{"a.txt": b"first", "b.txt": b"second"})
    form = page.forms["new-request"]
    boxes = form.fields["_remove_file"]
    assert len(boxes) == 2
    boxes[0].checked = True  # a.txt, listed first
    form["title"] = "Printer on fire"
    form["attachment"] = [Upload("c.csv", b"x,y\n")]
    form.submit(status=303)
    assert attachment_names(dbsession, newest_request(dbsession)) == ["b.txt", "c.csv"]


def test_a_refused_file_is_not_kept_beside_a_good_one(testapp, login, dbsession):
    login(testapp, "demo@example.com")
    page = refused_with_a_file(testapp, **{"good.txt": b"fine", "run-me.exe": b"MZ\x90\x00"})
    kept = page.html.select_one("#new-request-attachment-kept").get_text(" ", strip=True)
    assert "good.txt" in kept and "run-me.exe" not in kept


@pytest.mark.cc_settings({"cc.storage.orphan_grace_seconds": "3700"})
def test_a_file_kept_longer_than_the_sweep_allows_is_dropped_with_a_message(testapp, login, dbsession,
                                                                            monkeypatch):
    login(testapp, "demo@example.com")
    page = refused_with_a_file(testapp, **{"old.txt": b"old"})
    form = page.forms["new-request"]
    form["title"] = "Printer on fire"
    later = time.time() + 200  # past the grace period less the margin (3700 - 3600 seconds)
    monkeypatch.setattr(time, "time", lambda: later)
    page = form.submit()
    assert page.status_int == 200
    assert "attach it again" in page.html.select_one(".error-summary").get_text()
    assert page.html.select_one("#new-request-attachment-kept") is None
