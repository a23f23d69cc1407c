"""The menu's open-request count is read with the person, and it is never stale or someone else's.

The count joins the statement that loads the logged-in person
(``cc_person_columns``), so it costs no query of its own; these tests
prove it stays right: after each change that affects it, for each person
apart, and on a request that changed data before its page rendered.
"""
import pytest
import sqlalchemy as sa

from cc_core.testing import person_by_email
from cc_requests.models import Request
from requests_testing import new_request_form, request_of

pytestmark = pytest.mark.cc_plugins("requests")


def open_requests(dbsession, email: str) -> int:
    owner = person_by_email(dbsession, email)
    return dbsession.scalar(sa.select(sa.func.count()).select_from(Request)
                            .where(Request.owner_id == owner.id, Request.is_open.is_(True)))


def badge(page) -> str | None:
    item = page.html.select_one("nav.main-nav a[href='/requests'] .badge")
    return item.get_text() if item is not None else None


def test_the_count_follows_a_new_request_a_close_and_a_reopen(testapp, login, dbsession):
    login(testapp, "demo@example.com")
    before = open_requests(dbsession, "demo@example.com")
    assert before > 0 and badge(testapp.get("/")) == str(before)

    new_request_form(testapp).submit(status=303)
    assert badge(testapp.get("/")) == str(before + 1) == str(open_requests(dbsession, "demo@example.com"))

    req = request_of(dbsession, "demo@example.com", "checkout")
    testapp.get(f"/requests/{req.id}").forms["close"].submit(status=303)
    assert badge(testapp.get("/requests")) == str(before)
    testapp.get(f"/requests/{req.id}").forms["reopen"].submit(status=303)
    assert badge(testapp.get("/")) == str(before + 1)


def test_each_person_sees_their_own_count(testapp, new_testapp, login, dbsession):
    login(testapp, "demo@example.com")
    other = new_testapp()
    login(other, "manager@example.com")
    mine, theirs = open_requests(dbsession, "demo@example.com"), open_requests(dbsession, "manager@example.com")
    assert mine != theirs
    # Interleaved, as two workers' requests would be.
    for _ in range(2):
        assert badge(testapp.get("/")) == str(mine)
        assert badge(other.get("/")) == (str(theirs) if theirs else None)
    new_request_form(other).submit(status=303)
    assert badge(testapp.get("/")) == str(mine)
    assert badge(other.get("/")) == str(theirs + 1)


def test_the_count_and_the_person_are_one_statement(testapp, login, sql_statements):
    login(testapp, "demo@example.com")
    testapp.get("/")
    with sql_statements() as statements:
        testapp.get("/")
    person_reads = [s for s in statements if "FROM cc_person" in s]
    assert len(person_reads) == 1 and "requests_request" in person_reads[0]
    counts = [s for s in statements if "count(" in s.lower() and "requests_request" in s and "cc_person" not in s]
    assert counts == []


def test_a_post_that_renders_its_page_counts_afresh(testapp, login, dbsession, sql_statements):
    """A form shown again after its post must not show the count read before the post's changes."""
    login(testapp, "demo@example.com")
    form = new_request_form(testapp, title="")  # refused: the title is required
    with sql_statements() as statements:
        page = form.submit()
    assert page.status_int == 200 and page.html.select_one("#new-request-title-error, .error")
    assert badge(page) == str(open_requests(dbsession, "demo@example.com"))
    assert [s for s in statements if "count(" in s.lower() and "requests_request" in s and "cc_person" not in s]


def test_visitors_get_no_count(testapp):
    assert testapp.get("/").html.select_one("nav.main-nav a[href='/requests']") is None


def _open_copies(dbsession, email: str, count: int) -> None:
    """``count`` more open requests for ``email``, copied from one of theirs (nothing but the count matters here)."""
    table = Request.__table__
    original = request_of(dbsession, email)
    columns = [c for c in table.c if c.name != "id"]
    values = dbsession.execute(sa.select(*columns).where(table.c.id == original.id)).one()._asdict()
    values.update(is_open=True, status="open") if "status" in values else values.update(is_open=True)
    dbsession.execute(sa.insert(table), [dict(values) for _ in range(count)])
    dbsession.flush()


@pytest.mark.parametrize("more_than_the_cap", [0, 1, 40])
def test_the_count_stops_at_the_cap(testapp, login, dbsession, more_than_the_cap):
    """A customer with hundreds of open requests sees "99+": the count never walks more than 100 of them."""
    from cc_requests.listing import BADGE_CAP, open_count

    before = open_requests(dbsession, "demo@example.com")
    _open_copies(dbsession, "demo@example.com", BADGE_CAP - before + more_than_the_cap)
    assert open_requests(dbsession, "demo@example.com") == BADGE_CAP + more_than_the_cap
    login(testapp, "demo@example.com")
    expected = str(BADGE_CAP) if more_than_the_cap == 0 else f"{BADGE_CAP}+"
    assert badge(testapp.get("/")) == expected
    # The query asked when the value was not loaded with the person stops at the same place.
    owner = person_by_email(dbsession, "demo@example.com")
    assert open_count(dbsession, owner) == min(BADGE_CAP + more_than_the_cap, BADGE_CAP + 1)
