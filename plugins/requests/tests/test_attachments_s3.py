"""Attachments on the S3 backend (a real SeaweedFS): shared between hosts, and outages."""
import hashlib
import os
import urllib.request

import pytest
import sqlalchemy as sa
import webtest
from webtest import Upload

from cc_core.testing import build_app, do_login
from cc_requests.models import Attachment, Message, Request
from requests_testing import new_request_form

pytestmark = pytest.mark.cc_plugins("requests")

ENVIRON = {"HTTP_HOST": "localhost", "REMOTE_ADDR": "192.0.2.10"}


def portal(settings: dict) -> webtest.TestApp:
    """A browser on a portal of its own built from ``settings`` (on the test's database)."""
    return webtest.TestApp(build_app(settings, ("requests",)), extra_environ=ENVIRON)


def count(dbsession, model) -> int:
    return dbsession.scalar(sa.select(sa.func.count()).select_from(model))


def submit_with_file(browser, name: str, content: bytes, status=303):
    form = new_request_form(browser, title="Files on shared storage", message="See the attached file.")
    form["attachment"] = [Upload(name, content)]
    return form.submit(status=status)


def test_a_file_uploaded_through_one_host_downloads_through_another(cc_settings, s3_settings, tmp_path, dbsession,
                                                                    seaweedfs):
    first = portal({**cc_settings, **s3_settings, "cc.files_dir": str(tmp_path / "host-a")})
    second = portal({**cc_settings, **s3_settings, "cc.files_dir": str(tmp_path / "host-b")})
    content = os.urandom(300_000)
    do_login(first, "demo@example.com")
    page = submit_with_file(first, "measurements.csv", content).follow()
    link = page.html.select_one(".attachments a")["href"]

    do_login(second, "demo@example.com")
    download = second.get(link, status=200)
    assert download.body == content
    assert download.headers["Content-Disposition"].startswith('attachment; filename="measurements.csv"')
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    key = hashlib.sha256(content).hexdigest()
    head = seaweedfs.client().head_object(Bucket=seaweedfs.bucket, Key=s3_settings["cc.storage.s3.prefix"] + key)
    assert head["ContentLength"] == len(content)
    assert not (tmp_path / "host-a").exists() and not (tmp_path / "host-b").exists()
    attachment = dbsession.scalars(sa.select(Attachment).where(Attachment.sha256 == key)).one()
    assert attachment.storage_key == key


@pytest.fixture(scope="module")
def own_seaweedfs(seaweedfs_factory):
    """A server of this module's own: its tests stop and restart it."""
    return seaweedfs_factory()


def test_an_outage_answers_503_keeps_the_typed_text_and_recovers_without_a_restart(cc_settings, own_seaweedfs,
                                                                                   dbsession):
    browser = portal({**cc_settings, **own_seaweedfs.settings(prefix=own_seaweedfs.new_prefix())})
    do_login(browser, "demo@example.com")
    page = submit_with_file(browser, "before.txt", b"stored before the outage").follow()
    req_path = page.request.path
    link = page.html.select_one(".attachments a")["href"]
    requests_before, messages_before = count(dbsession, Request), count(dbsession, Message)
    attachments_before = count(dbsession, Attachment)

    own_seaweedfs.stop()
    try:
        down = browser.get(link, status=503)
        assert down.headers["Retry-After"]
        assert down.html.select_one("main") is not None and down.html.select_one("nav") is not None
        assert "cannot be reached just now" in down.html.select_one("main").get_text()

        reply = browser.get(req_path).forms["reply"]
        reply["message"] = "My carefully typed reply"
        reply["attachment"] = [Upload("during.txt", b"sent during the outage")]
        refused = reply.submit(status=503)
        assert refused.html.select_one("#reply textarea[name=message]").get_text() == "My carefully typed reply"
        assert "nothing was saved" in refused.html.select_one("#reply").get_text()

        refused_new = submit_with_file(browser, "new.txt", b"a new request during the outage", status=503)
        assert refused_new.html.select_one("#new-request input[name=title]")["value"] == "Files on shared storage"
        assert (count(dbsession, Request), count(dbsession, Message), count(dbsession, Attachment)) == \
            (requests_before, messages_before, attachments_before)
    finally:
        own_seaweedfs.start()

    assert browser.get(link, status=200).body == b"stored before the outage"
    reply = browser.get(req_path).forms["reply"]
    reply["message"] = "My carefully typed reply"
    reply["attachment"] = [Upload("after.txt", b"sent after the outage")]
    reply.submit(status=303)
    assert count(dbsession, Attachment) == attachments_before + 1


def test_presigned_downloads_redirect_after_the_access_check_with_the_same_headers(cc_settings, s3_settings,
                                                                                  dbsession):
    settings = {**cc_settings, **s3_settings, "cc.storage.s3.presigned_downloads": "true"}
    browser = portal(settings)
    do_login(browser, "demo@example.com")
    page = submit_with_file(browser, "résumé notes.txt", b"plain text, saved not shown").follow()
    link = page.html.select_one(".attachments a")["href"]

    redirect = browser.get(link, status=302)
    assert redirect.location.startswith(s3_settings["cc.storage.s3.endpoint_url"] + "/")
    assert redirect.headers["Cache-Control"] == "private, no-store"
    with urllib.request.urlopen(redirect.location, timeout=10) as direct:
        assert direct.read() == b"plain text, saved not shown"
        assert direct.headers["Content-Disposition"].startswith('attachment; filename="r_sum_ notes.txt"; ')
        assert "filename*=UTF-8''r%C3%A9sum%C3%A9%20notes.txt" in direct.headers["Content-Disposition"]
        assert direct.headers["Content-Type"] == "text/plain"

    stranger = webtest.TestApp(browser.app, extra_environ=ENVIRON)
    do_login(stranger, "other@example.net")
    stranger.get(link, status=404)
