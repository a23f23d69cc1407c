"""``/metrics`` through WebTest: who may read it, and what the portal's own requests add to it."""
import datetime as dt

import pytest
import webtest

from cc_core import api, make_app
from cc_core.plugins import build_plugin_manager
from cc_core.testing import do_login, metric_value

LOOPBACK = {"REMOTE_ADDR": "127.0.0.1"}


def scrape(testapp, **environ) -> str:
    response = testapp.get("/metrics", extra_environ={**LOOPBACK, **environ})
    assert response.content_type == "text/plain"
    assert response.headers["Cache-Control"] == "no-store"
    return response.text


def test_metrics_are_the_ordinary_404_page_for_other_addresses(testapp):
    page = testapp.get("/metrics", status=404)        # the fixture's client is 192.0.2.10
    assert page.html.select_one("main .error-page h1").text == "Page not found"
    assert "cc_http_requests_total" not in page.text
    # A header anyone can write does not make a remote client local.
    for header in ("X-Forwarded-For", "X-Real-IP", "Forwarded"):
        testapp.get("/metrics", headers={header: "127.0.0.1"}, status=404)
    for address in ("", "not-an-address", "127.0.0.1, 10.0.0.1", "::ffff:192.0.2.10", "0.0.0.0"):
        testapp.get("/metrics", extra_environ={"REMOTE_ADDR": address}, status=404)


def test_loopback_reads_the_metrics_in_both_address_families(testapp):
    for address in ("127.0.0.1", "::1", "::ffff:127.0.0.1"):
        assert "cc_http_requests_total" in scrape(testapp, REMOTE_ADDR=address)


def test_requests_are_counted_by_route_name_never_by_path(testapp):
    before = scrape(testapp)
    testapp.get("/")
    testapp.get("/")
    testapp.get("/healthz")
    for path in ("/nowhere", "/secret-path-%d" % 1, "/another/made/up/path"):
        testapp.get(path, status=404)
    after = scrape(testapp)

    def delta(name, **labels):
        return metric_value(after, name, **labels) - metric_value(before, name, **labels)

    assert delta("cc_http_requests_total", route="home", status="200") == 2
    assert delta("cc_http_requests_total", route="unmatched", status="404") == 3
    assert delta("cc_http_request_duration_seconds_count", route="home") == 2
    assert delta("cc_http_request_db_statements_count", route="home") == 2
    assert delta("cc_http_request_db_seconds_count", route="home") == 2
    assert delta("cc_http_request_db_statements_sum", route="healthz") >= 3  # SELECT 1, the queue, the schema
    assert delta("cc_http_request_db_seconds_sum", route="healthz") > 0
    assert "secret-path" not in after and "/another" not in after
    # A scrape counts itself once it has answered, under its route's name.
    assert delta("cc_http_requests_total", route="metrics", status="200") == 1


def test_job_gauges_are_read_from_the_queue_at_scrape_time(testapp, dbsession):
    from cc_core.models import Job

    api.enqueue(dbsession, "cc.mail", {}, run_at=api.utcnow() - dt.timedelta(minutes=5))
    api.enqueue(dbsession, "cc.mail", {}, run_at=api.utcnow() + dt.timedelta(minutes=5))   # not due yet
    dbsession.add(Job(name="cc.mail", payload={}, state="failed", last_error="550"))
    dbsession.flush()
    text = scrape(testapp)
    assert metric_value(text, "cc_jobs_due", kind="cc.mail") == 1
    assert metric_value(text, "cc_jobs_failed", kind="cc.mail") == 1
    assert 300 <= metric_value(text, "cc_jobs_oldest_due_age_seconds") < 400
    assert metric_value(text, "cc_jobs_up") == 1


def test_login_failures_and_lockouts_are_counted(testapp):
    before = scrape(testapp)
    for _ in range(6):
        form = testapp.get("/login").forms["login"]
        form["email"], form["password"] = "demo@example.com", "wrong password"
        form.submit(status="*")
    after = scrape(testapp)
    assert metric_value(after, "cc_login_failures_total", method="password") \
        - metric_value(before, "cc_login_failures_total", method="password") == 5
    assert metric_value(after, "cc_login_lockouts_total", limit="client") \
        - metric_value(before, "cc_login_lockouts_total", limit="client") == 1
    do_login(testapp.__class__(testapp.app, extra_environ={"HTTP_HOST": "localhost", "REMOTE_ADDR": "192.0.2.99"}),
             "demo@example.com")   # the owner from elsewhere is not locked out


@pytest.mark.cc_settings({"cc.metrics.allow": "10.0.0.0/8, 192.0.2.10"})
def test_the_allow_list_replaces_loopback(testapp):
    assert "cc_http_requests_total" in testapp.get("/metrics").text                 # 192.0.2.10
    assert "cc_http_requests_total" in testapp.get("/metrics", extra_environ={"REMOTE_ADDR": "10.20.30.40"}).text
    testapp.get("/metrics", extra_environ=LOOPBACK, status=404)
    testapp.get("/metrics", extra_environ={"REMOTE_ADDR": "192.0.2.11"}, status=404)


def test_a_malformed_allow_list_stops_start_up(cc_settings):
    settings = {**cc_settings, "cc.metrics.allow": "127.0.0.1 localhost"}
    with pytest.raises(ValueError, match="'localhost' is not an address"):
        make_app(settings, plugin_manager=build_plugin_manager(settings, only=()))


@pytest.mark.cc_settings({"cc.metrics.enabled": "false"})
def test_metrics_can_be_switched_off(testapp):
    testapp.get("/metrics", extra_environ=LOOPBACK, status=404)
    assert testapp.get("/").headers["X-Request-ID"]      # request ids do not depend on metrics


def test_post_to_metrics_is_refused_without_a_server_error(testapp):
    response = testapp.post("/metrics", {"x": "1"}, extra_environ=LOOPBACK, status="*")
    assert response.status_int in (400, 403, 404, 405)


def test_every_response_carries_a_request_id(testapp):
    seen = set()
    for path, status in (("/", 200), ("/nowhere", 404), ("/healthz", 200), ("/api/v1/nowhere", 404),
                         ("/api/v1/me", 401), ("/login?came_from=%ff", 400)):
        response = testapp.get(path, status=status)
        request_id = response.headers["X-Request-ID"]
        assert len(request_id) == 32 and request_id not in seen, path
        seen.add(request_id)
    # A safe incoming id is echoed, so one id follows the request through the proxy's logs and ours.
    assert testapp.get("/", headers={"X-Request-ID": "lb-7f3a.01:abc"}).headers["X-Request-ID"] == "lb-7f3a.01:abc"
    # One that is too long or could forge log lines or headers is replaced.
    for bad in ("x" * 129, "abc def", "abc\tdef", "<script>", "a;b", "-leading-dash", "äöå"):
        echoed = testapp.get("/", headers={"X-Request-ID": bad}).headers["X-Request-ID"]
        assert echoed != bad and len(echoed) == 32


def test_the_request_id_is_on_503_pages(cc_settings, tmp_path):
    settings = {**cc_settings, "sqlalchemy.url": f"sqlite:///{tmp_path}/missing-dir/none.sqlite"}
    app = webtest.TestApp(make_app(settings, plugin_manager=build_plugin_manager(settings, only=())))
    response = app.get("/healthz", headers={"X-Request-ID": "probe-1"}, status=503)
    assert response.headers["X-Request-ID"] == "probe-1"


@pytest.mark.cc_plugins("preferences")
def test_wrong_current_passwords_are_counted_as_reauthentication_failures(testapp):
    do_login(testapp, "demo@example.com")
    before = scrape(testapp)
    for _ in range(2):
        form = testapp.get("/preferences/password").forms["preferences-password"]
        form["current_password"] = "a-guess-from-a-stolen-session"
        form["password"] = form["password_confirm"] = "granite-orchard-violin-8"
        form.submit()
    after = scrape(testapp)
    assert metric_value(after, "cc_login_failures_total", method="reauthentication") \
        - metric_value(before, "cc_login_failures_total", method="reauthentication") == 2
