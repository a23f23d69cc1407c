"""What a post costs, and that it is kept exactly once: a new request and a reply.

The statements of each post are counted (the harness leaves out its own
savepoints and, on SQLite, the ``BEGIN``; the test settings send mail
inline, so the mail job's ``INSERT`` of production is not among them).
The double submits are posted one after the other through WebTest, and
at the same moment through real HTTP against the harness's live portal,
whose requests commit for real, on SQLite or PostgreSQL as the suite runs.
"""
import re
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup

from cc_core.testing import at_once
from cc_requests import search
from cc_requests.models import Message, Request, SearchDocument
from requests_testing import new_request_form, request_of

pytestmark = pytest.mark.cc_plugins("requests")


def tables(statements) -> list[str]:
    """Each statement as its verb and table (a SELECT's first column's), e.g. ``INSERT requests_message``."""
    out = []
    for sql in statements:
        verb = sql.split(None, 1)[0].upper()
        table = re.search(r"^\s*(?:SELECT\s+(\w+)\.|INSERT\s+INTO\s+(\w+)|UPDATE\s+(\w+))", sql, re.IGNORECASE)
        out.append(f"{verb} {next(name for name in table.groups() if name) if table else ''}".strip())
    return out


def test_a_new_request_costs_eight_statements(testapp, login, sql_statements):
    login(testapp, "demo@example.com")
    new_request_form(testapp, title="Warm-up").submit(status=303)  # first-use lookups must not count
    form = new_request_form(testapp, title="Counted")
    with sql_statements() as statements:
        form.submit(status=303)
    assert tables(statements) == [
        "SELECT cc_person",              # who posts (with the menu's open-request count)
        "SELECT requests_category",      # the choices, the chosen one among them
        "SELECT requests_priority",
        "SELECT cc_form_submission",     # a double submit is redirected before anything is applied
        "INSERT requests_request", "INSERT requests_message", "INSERT requests_search",
        "INSERT cc_form_submission",     # the token with where it led, in one statement
    ], statements


def test_a_reply_costs_seven_statements_and_appends_to_the_document_in_the_database(testapp, login, dbsession,
                                                                                    sql_statements):
    req = request_of(dbsession, "demo@example.com", "Invoice 2024-117")
    login(testapp, "demo@example.com")
    page = testapp.get(f"/requests/{req.id}")
    page.forms["reply"]["message"] = "Warm-up"
    page.forms["reply"].submit(status=303)
    form = testapp.get(f"/requests/{req.id}").forms["reply"]
    form["message"] = "Counted"
    with sql_statements() as statements:
        form.submit(status=303)
    assert tables(statements) == [
        "SELECT cc_person", "SELECT requests_request", "SELECT cc_form_submission",
        "INSERT requests_message",
        "UPDATE requests_search",        # no read of the document: the database appends
        "UPDATE requests_request",       # updated_at (and the status a reply changes)
        "INSERT cc_form_submission",
    ], statements


def test_the_search_document_gets_the_replys_words_and_finds_the_request(testapp, login, dbsession):
    req = request_of(dbsession, "demo@example.com", "Invoice 2024-117")
    before = dbsession.get(SearchDocument, req.id).document
    login(testapp, "demo@example.com")
    form = testapp.get(f"/requests/{req.id}").forms["reply"]
    form["message"] = "The  Quokka\ninvoice is WRONG"
    form.submit(status=303)
    dbsession.expire_all()
    assert dbsession.get(SearchDocument, req.id).document == before + "\nthe quokka invoice is wrong"
    page = testapp.get("/requests", {"q": "quokka", "status": "all"})
    assert f"/requests/{req.id}" in page.text


class Replies:
    """``index_message`` on the test's own session, as a reply's post calls it."""

    def __init__(self, dbsession):
        self.dbsession = dbsession

    def add(self, req, text):
        search.index_message(self.dbsession, req, text)
        self.dbsession.flush()
        self.dbsession.expire_all()
        return self.dbsession.get(SearchDocument, req.id)


def test_a_document_at_its_cap_is_left_as_it_is_and_one_near_it_is_cut_there(dbsession):
    req = request_of(dbsession, "demo@example.com", "Invoice 2024-117")
    document = dbsession.get(SearchDocument, req.id)
    document.document = "x" * search.MAX_DOCUMENT
    dbsession.flush()
    assert Replies(dbsession).add(req, "more words").document == "x" * search.MAX_DOCUMENT
    document.document = "x" * (search.MAX_DOCUMENT - 3)
    dbsession.flush()
    assert Replies(dbsession).add(req, "more words").document == "x" * (search.MAX_DOCUMENT - 3) + "\nmo"


def test_a_request_without_a_document_gets_one_and_an_empty_one_no_leading_line_break(dbsession):
    req = request_of(dbsession, "demo@example.com", "Invoice 2024-117")
    dbsession.execute(sa.delete(SearchDocument).where(SearchDocument.request_id == req.id))
    title = search.normalise(req.title)
    assert Replies(dbsession).add(req, "First Words").document == f"{title}\nfirst words"
    dbsession.get(SearchDocument, req.id).document = ""
    dbsession.flush()
    assert Replies(dbsession).add(req, "Second").document == "second"


def test_a_loaded_document_does_not_keep_the_text_from_before_the_append(dbsession):
    req = request_of(dbsession, "demo@example.com", "Invoice 2024-117")
    loaded = dbsession.get(SearchDocument, req.id)
    before = loaded.document
    search.index_message(dbsession, req, "Appended")
    assert loaded.document == before + "\nappended"


def test_a_reply_sent_twice_is_added_once(testapp, login, dbsession):
    req = request_of(dbsession, "demo@example.com", "Invoice 2024-117")
    login(testapp, "demo@example.com")
    form = testapp.get(f"/requests/{req.id}").forms["reply"]
    form["message"] = "Only once, please"
    first = form.submit(status=303)
    second = form.submit(status=303)
    assert second.location == first.location
    assert "already been sent" in second.follow().text
    assert dbsession.scalar(sa.select(sa.func.count()).select_from(Message)
                            .where(Message.body == "Only once, please")) == 1


# -- at the same moment, over real HTTP --------------------------------------------------------


class Browser:
    """A customer's cookies and forms against the live portal (no redirects followed)."""

    def __init__(self, base: str):
        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()), NoRedirect)

    def form(self, path: str, form_id: str) -> dict:
        html = self.opener.open(self.base + path, timeout=60).read().decode()
        form = BeautifulSoup(html, "html.parser").find("form", id=form_id)
        fields = {field["name"]: field.get("value", "") for field in form.find_all("input")
                  if field.get("name") and field.get("type") not in ("file", "submit")}
        for select in form.find_all("select"):
            options = [option["value"] for option in select.find_all("option") if option.get("value")]
            fields[select["name"]] = options[0]
        return {"action": form.get("action") or path, "fields": fields}

    def post(self, action: str, fields: dict) -> tuple[int, str]:
        body = urllib.parse.urlencode(fields).encode()
        try:
            response = self.opener.open(self.base + action, data=body, timeout=120)
            return response.status, response.headers.get("Location", "")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.headers.get("Location", "")

    def log_in(self, email: str, password: str = "demo-password") -> None:
        form = self.form("/login", "login")
        assert self.post(form["action"], {**form["fields"], "email": email, "password": password})[0] == 303


@pytest.fixture(scope="module")
def customer(live_server):
    browser = Browser(live_server.url)
    browser.log_in("demo@example.com")
    return browser


def count_in_live(live_server, statement, **values) -> int:
    engine = sa.create_engine(live_server.settings["sqlalchemy.url"])
    try:
        with engine.connect() as connection:
            return connection.execute(statement, values).scalar()
    finally:
        engine.dispose()


def test_a_new_request_posted_four_times_at_once_is_filed_once(live_server, customer):
    form = customer.form("/requests/new", "new-request")
    fields = {**form["fields"], "title": "Four clicks at once", "message": "The printer is on fire."}
    results = at_once(*[lambda: customer.post(form["action"], fields)] * 4)
    assert [status for status, _location in results] == [303] * 4, results
    assert len({location for _status, location in results}) == 1, results
    assert count_in_live(live_server, sa.select(sa.func.count()).select_from(Request)
                         .where(Request.title == "Four clicks at once")) == 1


def test_a_reply_posted_four_times_at_once_is_added_once(live_server, customer):
    form = customer.form("/requests/new", "new-request")
    status, location = customer.post(form["action"], {**form["fields"], "title": "Replied to at once",
                                                      "message": "First words."})
    path = urllib.parse.urlsplit(location).path
    form = customer.form(path, "reply")
    fields = {**form["fields"], "message": "Four clicks on send"}
    results = at_once(*[lambda: customer.post(form["action"], fields)] * 4)
    assert [status for status, _location in results] == [303] * 4, results
    assert len({location for _status, location in results}) == 1, results
    assert count_in_live(live_server, sa.select(sa.func.count()).select_from(Message)
                         .where(Message.body == "Four clicks on send")) == 1
    document = count_in_live(live_server, sa.select(SearchDocument.document)
                             .where(SearchDocument.request_id == int(path.rsplit("/", 1)[1])))
    assert document.count("four clicks on send") == 1
