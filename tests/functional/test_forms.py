"""The stateless form pipeline, attacked and used impatiently."""
import threading

import pytest
import sqlalchemy as sa
import webtest

from cc_core.testing import at_once

from tests.plugins import formsdemo

pytestmark = pytest.mark.cc_plugins("hello", extra=[("formsdemo", formsdemo)])


def greetings(dbsession):
    return dbsession.execute(sa.text("SELECT text FROM hello_greeting WHERE text != 'hello demo'")).scalars().all()


def test_good_post_applies_once_and_redirects_with_303(testapp, dbsession):
    form = testapp.get("/formsdemo").forms["greeting"]
    form["text"] = "Hello"
    response = form.submit()
    assert response.status_int == 303
    assert "Greeting saved." in response.follow().text
    assert greetings(dbsession) == ["Hello v7"]


def test_bad_input_is_shown_again_with_values_and_errors_but_no_password(testapp, dbsession):
    form = testapp.get("/formsdemo").forms["greeting"]
    form["text"] = "x"
    form["secret"] = "hunter2-secret"
    form["count"] = "99"
    page = form.submit()
    assert page.status_int == 200
    assert page.forms["greeting"]["text"].value == "x"
    assert page.forms["greeting"]["count"].value == "99"
    assert "hunter2-secret" not in page.text
    summary = page.html.select_one(".error-summary")
    assert summary is not None and summary.select('a[href="#greeting-text"]')
    assert page.html.select_one("#greeting-count-error") is not None
    assert page.html.select_one("#greeting-text")["aria-invalid"] == "true"
    assert greetings(dbsession) == []


def test_double_submit_applies_once_and_second_post_leads_to_the_first_result(testapp, dbsession):
    form = testapp.get("/formsdemo").forms["greeting"]
    form["text"] = "Once"
    first = form.submit()
    second = form.submit()
    assert second.status_int == 303
    assert second.location == first.location
    assert "already been sent" in second.follow().text
    assert greetings(dbsession) == ["Once v7"]


def test_tampered_state_is_refused_and_the_input_kept(testapp, dbsession):
    form = testapp.get("/formsdemo").forms["greeting"]
    form["text"] = "Tampered"
    state = form["_state"].value
    payload, rest = state.split(".", 1)
    form["_state"] = "eyJ2ZXJzaW9uIjo4fQ." + rest  # {"version":8} with the old signature
    page = form.submit(status=400)
    assert "had been altered" in page.text
    assert page.forms["greeting"]["text"].value == "Tampered"
    assert greetings(dbsession) == []


def test_forged_submission_token_is_refused(testapp, dbsession):
    form = testapp.get("/formsdemo").forms["greeting"]
    form["text"] = "Forged"
    form["_submission"] = "abc.def.ghi"
    page = form.submit(status=400)
    assert "expired" in page.text
    assert greetings(dbsession) == []


def test_expired_state_is_refused(testapp, monkeypatch, dbsession):
    form = testapp.get("/formsdemo").forms["greeting"]
    form["text"] = "Late"
    monkeypatch.setattr(formsdemo.GreetingForm, "state_max_age", -1)
    page = form.submit(status=400)
    assert page.forms["greeting"]["text"].value == "Late"
    assert greetings(dbsession) == []


def test_form_wide_check_message_is_shown(testapp):
    form = testapp.get("/formsdemo").forms["greeting"]
    form["text"] = "conflict"
    page = form.submit()
    assert "Somebody else changed it." in page.html.select_one(".error-summary").text


def test_post_without_csrf_token_gets_a_400_page_in_the_layout(testapp, dbsession):
    page = testapp.post("/formsdemo", {"text": "No token"}, status=400)
    assert "did not come from this site" in page.text
    assert 'class="skip-link"' in page.text
    assert greetings(dbsession) == []


def test_post_with_another_sessions_csrf_token_is_refused(testapp, new_testapp, dbsession):
    other = new_testapp()
    other_form = other.get("/formsdemo").forms["greeting"]
    form = testapp.get("/formsdemo").forms["greeting"]
    form["text"] = "Cross-site"
    form["csrf_token"] = other_form["csrf_token"].value
    form.submit(status=400)
    assert greetings(dbsession) == []


def test_upload_is_checked_for_size_and_type_before_anything_is_stored(testapp, dbsession):
    form = testapp.get("/formsdemo").forms["greeting"]
    form["text"] = "With file"
    form["attachment"] = webtest.Upload("big.txt", b"x" * 2000, "text/plain")
    page = form.submit()
    assert "big.txt" in page.html.select_one("#greeting-attachment-error").text
    assert "at most" in page.text
    form = page.forms["greeting"]
    form["attachment"] = webtest.Upload("evil.html", b"<script>alert(1)</script>", "text/plain")
    page = form.submit()
    assert "cannot be attached" in page.text
    assert greetings(dbsession) == []
    form = page.forms["greeting"]
    form["attachment"] = webtest.Upload("../../notes.txt", b"hello", "application/x-evil")
    form.submit(status=303)
    assert greetings(dbsession) == ["With file [notes.txt 5] v7"]


@pytest.mark.cc_settings({"cc.max_request_bytes": "20000"})
def test_oversized_request_body_gets_a_readable_413_page(testapp, dbsession):
    form = testapp.get("/formsdemo").forms["greeting"]
    form["text"] = "Huge"
    form["attachment"] = webtest.Upload("huge.txt", b"x" * 30000, "text/plain")
    page = form.submit(status=413)
    assert "larger than this portal accepts" in page.text
    assert 'class="skip-link"' in page.text
    assert greetings(dbsession) == []


def test_concurrent_double_click_creates_one_row(live_server):
    """Two posts of one form at the same moment, through real HTTP and commits."""
    import http.cookiejar
    import re
    import urllib.parse
    import urllib.request

    jar = http.cookiejar.CookieJar()

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    html = opener.open(live_server.url + "/formsdemo").read().decode()
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))
    body = urllib.parse.urlencode({**fields, "text": "Concurrent", "count": "1"}).encode()
    statuses = []
    barrier = threading.Barrier(4)

    def post():
        barrier.wait()
        try:
            statuses.append(opener.open(live_server.url + "/formsdemo", data=body).status)
        except urllib.error.HTTPError as exc:
            statuses.append(exc.code)

    threads = [threading.Thread(target=post) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [303] * 4
    engine = sa.create_engine(live_server.settings["sqlalchemy.url"])
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT text FROM hello_greeting WHERE text LIKE 'Concurrent%'")).all()
    engine.dispose()
    assert len(rows) == 1


class LiveForm:
    """The greeting form of the live portal, fetched once, posted as often as a test likes."""

    def __init__(self, live_server, text: str):
        import http.cookiejar
        import re
        import urllib.parse
        import urllib.request

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        self.url = live_server.url
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
                                                  NoRedirect)
        html = self.opener.open(self.url + "/formsdemo").read().decode()
        fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))
        self.body = urllib.parse.urlencode({**fields, "text": text, "count": "1"}).encode()

    def post(self, name: str) -> tuple[int, str]:
        """Post as ``name`` (a header the tests' look-up reads); the status and the ``Location``."""
        import urllib.error
        import urllib.request

        request = urllib.request.Request(self.url + "/formsdemo", data=self.body, headers={"X-Post": name})
        try:
            response = self.opener.open(request, timeout=120)
            return response.status, response.headers.get("Location", "")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.headers.get("Location", "")

    def page(self, location: str) -> str:
        return self.opener.open(location if "://" in location else self.url + location).read().decode()


def live_greetings(live_server, text: str) -> int:
    engine = sa.create_engine(live_server.settings["sqlalchemy.url"])
    try:
        with engine.connect() as conn:
            return conn.execute(sa.text("SELECT count(*) FROM hello_greeting WHERE text LIKE :t"),
                                {"t": text + "%"}).scalar()
    finally:
        engine.dispose()


def test_a_post_that_loses_the_race_for_its_token_is_undone_and_retried_to_the_winners_result(live_server,
                                                                                              monkeypatch):
    """Both posts find the token unused and apply; the one whose INSERT of the token fails is run again.

    On PostgreSQL the two posts really run side by side: each waits after
    its look-up until the other has looked too, so both apply and the
    token's primary key decides.  SQLite lets one writing transaction in
    at a time, so a second post always sees the first one's token: there
    the second post's first look-up is made to miss it, and the database
    refuses its token the same way.
    """
    from cc_core.forms import submissions

    side_by_side = live_server.settings["sqlalchemy.url"].startswith("postgresql")
    real = submissions.previous_result
    both_looked = threading.Barrier(2, timeout=60)
    looks = []

    def previous_result(request, token):
        found = real(request, token)
        attempt = request.environ["retry.attempt"]
        looks.append((request.headers["X-Post"], attempt, found is not None))
        if attempt == 0 and side_by_side:
            both_looked.wait()
        elif attempt == 0 and request.headers["X-Post"] == "second":
            return None
        return found

    monkeypatch.setattr(submissions, "previous_result", previous_result)
    form = LiveForm(live_server, "Raced")
    if side_by_side:
        results = at_once(lambda: form.post("first"), lambda: form.post("second"))
    else:
        results = [form.post("first"), form.post("second")]
    assert [status for status, _location in results] == [303, 303], results
    assert results[0][1] == results[1][1]
    assert live_greetings(live_server, "Raced") == 1
    # Both looked first and found nothing (on SQLite: the second was made to miss what it found) ...
    first_looks = sorted(look for look in looks if look[1] == 0)
    assert first_looks == [("first", 0, False), ("second", 0, not side_by_side)], looks
    # ... and the one whose token the database refused was run again and found the winner's result.
    assert [(attempt, found) for _name, attempt, found in looks if attempt > 0] == [(1, True)], looks


def test_a_race_lost_on_every_attempt_leads_home_with_a_notice_not_an_error(live_server, monkeypatch):
    """Every attempt's look-up misses the token (as if each lost a race): no 5xx, home, and one greeting."""
    import urllib.parse

    from cc_core.forms import submissions

    real = submissions.previous_result
    monkeypatch.setattr(submissions, "previous_result",
                        lambda request, token: None if request.headers["X-Post"] == "late" else real(request, token))
    form = LiveForm(live_server, "Always late")
    assert form.post("first")[0] == 303
    status, location = form.post("late")
    assert status == 303 and urllib.parse.urlsplit(location).path == "/", (status, location)
    assert "This form had already been sent." in form.page(location)
    assert live_greetings(live_server, "Always late") == 1
