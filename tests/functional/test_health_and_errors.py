"""The health check, error pages and language negotiation."""
import pytest
import sqlalchemy as sa
import webtest

from cc_core import make_app
from cc_core.plugins import build_plugin_manager
from cc_core.testing import do_login


def test_healthz_reports_the_database(testapp):
    response = testapp.get("/healthz")
    body = response.json
    # The suite's database may also hold the tables of plugins this app
    # leaves out: those revisions are listed as unknown, and are no fault.
    schema = body.pop("schema")
    assert (schema["status"], schema["behind"]) == ("ok", [])
    assert body == {"status": "ok", "database": "ok", "jobs": {
        "due": 0, "oldest_due_seconds": 0.0, "available": 0, "running": 0, "failed": 0},
        "storage": {"status": "ok", "backend": "FolderStorage"}}
    assert response.headers["Cache-Control"] == "no-store"


def test_healthz_reports_the_job_backlog_and_stays_200(testapp, dbsession):
    import datetime as dt

    from cc_core import api
    from cc_core.models import Job

    api.enqueue(dbsession, "cc.mail", {}, run_at=api.utcnow() - dt.timedelta(minutes=10))
    api.enqueue(dbsession, "cc.mail", {}, run_at=api.utcnow() + dt.timedelta(minutes=10))
    dbsession.add(Job(name="cc.mail", payload={}, state="failed", last_error="550"))
    dbsession.flush()
    jobs = testapp.get("/healthz", status=200).json["jobs"]
    assert (jobs["due"], jobs["available"], jobs["failed"]) == (1, 2, 1)
    assert 600 <= jobs["oldest_due_seconds"] < 700


def test_healthz_answers_503_when_the_database_is_unreachable(cc_settings, tmp_path):
    settings = {**cc_settings, "sqlalchemy.url": f"sqlite:///{tmp_path}/missing-dir/none.sqlite"}
    app = make_app(settings, plugin_manager=build_plugin_manager(settings, only=()))
    response = webtest.TestApp(app).get("/healthz", status=503)
    assert response.json == {"status": "error", "database": "unreachable",
                             "storage": {"status": "ok", "backend": "FolderStorage"}}


def test_404_page_is_inside_the_layout(testapp):
    page = testapp.get("/nowhere", status=404)
    assert page.html.select_one("main .error-page h1").text == "Page not found"
    assert page.html.select_one("nav.main-nav") is not None


def test_error_page_escapes_what_the_visitor_sent(testapp):
    page = testapp.get("/login?came_from=%22%3E%3Cscript%3Ealert(1)%3C/script%3E")
    assert "<script>alert(1)</script>" not in page.text


def test_language_from_accept_language(testapp):
    page = testapp.get("/", headers={"Accept-Language": "nb-NO,nb;q=0.9,en;q=0.5"})
    assert page.html.html["lang"] == "nb"
    page = testapp.get("/", headers={"Accept-Language": "de-DE"})
    assert page.html.html["lang"] == "en"


def test_language_switch_works_for_anonymous_visitors(testapp):
    form = testapp.get("/login").forms["language-form"]
    form["language"] = "nb"
    response = form.submit(status=303)
    assert response.location.endswith("/login")
    assert testapp.get("/login").html.html["lang"] == "nb"


def test_language_switch_is_saved_as_the_persons_preference(testapp, dbsession):
    do_login(testapp, "demo@example.com")
    form = testapp.get("/").forms["language-form"]
    form["language"] = "nb"
    form.submit(status=303)
    language = dbsession.execute(
        sa.text("SELECT language FROM cc_person WHERE email = 'demo@example.com'")).scalar()
    assert language == "nb"


def test_unknown_language_is_ignored(testapp):
    form = testapp.get("/").forms["language-form"]
    form.fields["language"][0].force_value("xx")
    form.submit(status=303)
    assert testapp.get("/").html.html["lang"] == "en"


def test_language_switch_cannot_redirect_off_site(testapp):
    form = testapp.get("/").forms["language-form"]
    form["came_from"] = "//evil.example/"
    assert form.submit(status=303).location in ("http://localhost/", "/")


def test_missing_secret_stops_startup(cc_settings):
    with pytest.raises(ValueError, match="cc.secret"):
        make_app({**cc_settings, "cc.secret": "short"}, plugin_manager=build_plugin_manager({}, only=()))
