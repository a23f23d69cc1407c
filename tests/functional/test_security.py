"""Attacks on authentication, sessions and redirects, and the headers every page carries."""
import pytest
import sqlalchemy as sa

from cc_core.testing import create_person, do_login, person_by_email


def submit_login(testapp, email, password, came_from=None):
    url = "/login" if came_from is None else "/login?came_from=" + came_from
    form = testapp.get(url).forms["login"]
    form["email"] = email
    form["password"] = password
    return form.submit(status="*")


def test_security_headers_on_pages_and_errors(testapp):
    for response in (testapp.get("/"), testapp.get("/no/such/page", status=404)):
        headers = response.headers
        csp = headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp
        assert "frame-ancestors 'none'" in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"
        assert "Strict-Transport-Security" not in headers


def test_hsts_under_https(testapp):
    response = testapp.get("/", extra_environ={"wsgi.url_scheme": "https"})
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_session_cookie_is_httponly_and_samesite(testapp):
    response = submit_login(testapp, "demo@example.com", "demo-password")
    cookie = [v for k, v in response.headerlist if k == "Set-Cookie" and v.startswith("cc_session=")][-1]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


@pytest.mark.cc_settings({"cc.session.secure": "true"})
def test_session_cookie_secure_when_configured(testapp):
    response = testapp.get("/login")
    cookie = [v for k, v in response.headerlist if k == "Set-Cookie" and v.startswith("cc_session=")][-1]
    assert "secure" in cookie.lower()


def test_login_renews_session_and_csrf_token(testapp):
    before = testapp.get("/login").forms["login"]["csrf_token"].value
    old_cookie = testapp.cookies.get("cc_session")
    do_login(testapp, "demo@example.com")
    after = testapp.get("/").forms["logout-form"]["csrf_token"].value
    assert after != before
    assert testapp.cookies.get("cc_session") != old_cookie


def test_pages_of_logged_in_persons_are_not_cached(testapp):
    do_login(testapp, "demo@example.com")
    assert "no-store" in testapp.get("/").headers["Cache-Control"]


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example",
                                    "javascript:alert(1)", "http:/evil.example"])
def test_came_from_cannot_redirect_off_site(testapp, target):
    response = submit_login(testapp, "demo@example.com", "demo-password", came_from=target)
    assert response.status_int == 303
    assert response.location in ("http://localhost/", "/")


def test_came_from_on_site_is_honoured(testapp):
    response = submit_login(testapp, "demo@example.com", "demo-password", came_from="/healthz")
    assert response.location.endswith("/healthz")


def test_came_from_cannot_be_changed_in_the_form(testapp):
    form = testapp.get("/login?came_from=/healthz").forms["login"]
    form["email"] = "demo@example.com"
    form["password"] = "demo-password"
    import base64
    import json

    payload, signature = form["_state"].value.split(".", 1)
    data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    data["came_from"] = "https://evil.example/"
    forged = base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")
    form["_state"] = forged + "." + signature
    response = form.submit(status=400)
    assert "had been altered" in response.text


def test_logout_needs_post_with_csrf_token(testapp):
    do_login(testapp, "demo@example.com")
    page = testapp.get("/logout")  # a link cannot log anybody out
    assert "Do you want to log out?" in page.text
    testapp.post("/logout", {}, status=400)
    assert "Dana Demo" in testapp.get("/").text


def test_language_switch_needs_csrf_token(testapp):
    testapp.post("/language", {"language": "nb"}, status=400)


@pytest.mark.cc_settings({"cc.login.max_failures_per_address": "3"})
def test_address_throttle_stops_spraying_many_accounts(testapp):
    for email in ("a@example.com", "b@example.com", "c@example.com"):
        submit_login(testapp, email, "guess")
    assert submit_login(testapp, "demo@example.com", "demo-password").status_int == 429


@pytest.mark.cc_settings({"cc.login.max_failures_per_address": "3"})
def test_spoofed_forwarded_for_does_not_give_a_fresh_address(testapp):
    for number in range(3):
        testapp.extra_environ["HTTP_X_FORWARDED_FOR"] = f"203.0.113.{number}"
        submit_login(testapp, f"user{number}@example.com", "guess")
    assert submit_login(testapp, "demo@example.com", "demo-password").status_int == 429


@pytest.mark.cc_settings({"cc.proxy.trusted_hops": "1", "cc.login.max_failures_per_address": "3"})
def test_behind_a_trusted_proxy_the_forwarded_address_counts(testapp, dbsession):
    testapp.extra_environ["HTTP_X_FORWARDED_FOR"] = "203.0.113.9"
    submit_login(testapp, "someone@example.com", "guess")
    keys = dbsession.execute(sa.text("SELECT key FROM cc_login_counter")).scalars().all()
    assert "address:203.0.113.9" in keys


def test_deactivated_person_cannot_log_in_and_loses_open_sessions(testapp, new_testapp, dbsession):
    person = create_person(dbsession, email="leaving@example.com")
    do_login(testapp, "leaving@example.com")
    person.is_active = False
    dbsession.flush()
    assert "Test Person" not in testapp.get("/").text
    assert submit_login(new_testapp(), "leaving@example.com", "demo-password").status_int == 200


def test_bumping_session_version_ends_other_sessions(testapp, dbsession):
    do_login(testapp, "demo@example.com")
    person = person_by_email(dbsession, "demo@example.com")
    person.session_version += 1
    dbsession.flush()
    assert "Dana Demo" not in testapp.get("/").text


def test_forged_session_cookie_is_ignored(testapp):
    testapp.set_cookie("cc_session", "eyJwZXJzb24iOjF9.forged")
    page = testapp.get("/")
    assert page.status_int == 200 and "Log out" not in page.text


def test_password_hash_is_argon2id_and_upgraded_when_parameters_change(testapp, dbsession):
    from argon2 import PasswordHasher

    weak = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash("demo-password")
    person = create_person(dbsession, email="old@example.com")
    person.password_hash = weak
    dbsession.flush()
    do_login(testapp, "old@example.com")
    dbsession.refresh(person)
    assert person.password_hash.startswith("$argon2id$") and person.password_hash != weak


@pytest.mark.cc_plugins("hello")
def test_anonymous_visitor_of_a_customer_page_is_sent_to_login_and_back(testapp):
    response = testapp.get("/hello/private", status=303)
    assert "/login?came_from=%2Fhello%2Fprivate" in response.location
    form = response.follow().forms["login"]
    form["email"] = "demo@example.com"
    form["password"] = "demo-password"
    back = form.submit(status=303)
    assert back.location.endswith("/hello/private")
    assert "Only for customers" in back.follow().text


@pytest.mark.cc_plugins("hello")
def test_logged_in_person_without_permission_gets_404_not_403(testapp):
    do_login(testapp, "demo@example.com")
    page = testapp.get("/hello/staff-only", status=404)
    assert "Page not found" in page.text
    testapp.post("/hello/staff-only", {"csrf_token": testapp.get("/").forms["logout-form"]["csrf_token"].value},
                 status=404)


@pytest.mark.cc_plugins("hello")
def test_staff_may_see_the_staff_page(testapp):
    do_login(testapp, "agent@example.com")
    assert "Staff corner" in testapp.get("/hello/staff-only").text
