"""Two integrators writing the company from the same read, at once, over real HTTP: exactly one wins.

The portal runs on its own database behind waitress (the harness's
``live_server``), so each request commits for real in its own
transaction.  In the second test both saves are held after they have
read the company and before they write it: the version check of the
read has passed for both, and only the compare-and-set of the update can
tell them apart.  (SQLite lets one writing transaction in at a time, so
there the second save waits for the first and reads its version; the
outcome must be the same.)
"""
import json
import threading
import urllib.error
import urllib.request

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from cc_core.testing import api_token, at_once
from cc_example_crm_view.datasource import DATA_SOURCE_KEY
from cc_example_crm_view.models import CompanyChange
from cc_example_crm_view.sqlsource import SqlCompanyDataSource

pytestmark = pytest.mark.cc_plugins("example_crm_view")

MANAGER = "manager@example.com"


@pytest.fixture(scope="module")
def tokens(live_server):
    """Two managers' tokens (two integrations) in the live portal's database."""
    with Session(live_server.app.registry["cc.db.engine"]) as session:
        headers = [api_token(session, MANAGER, name=f"integration {n}") for n in (1, 2)]
        session.commit()
    return headers


def call(url, method="GET", headers=None, body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method,
                                     headers={**(headers or {}), "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, json.loads(error.read() or b"null")


def patch_together(live_server, tokens, etag, town) -> list[tuple[int, dict, dict]]:
    """Both tokens change the city (to ``town 0`` and ``town 1``) from the read that gave ``etag``, at once."""
    def patch(headers, city):
        return lambda: call(live_server.url + "/api/v1/company", "PATCH", {**headers, "If-Match": etag},
                            {"city": city})

    return at_once(*(patch(headers, f"{town} {n}") for n, headers in enumerate(tokens)))


def company_state(live_server, tokens):
    status, headers, body = call(live_server.url + "/api/v1/company", headers=tokens[0])
    assert status == 200
    return headers["etag"], body


def saves_at(live_server, version: int) -> int:
    with live_server.app.registry["cc.db.engine"].connect() as connection:
        return connection.scalar(sa.select(sa.func.count(sa.distinct(CompanyChange.id)))
                                 .where(CompanyChange.version == version))


def assert_one_won(live_server, tokens, outcomes, read_version):
    statuses = sorted(status for status, _headers, _body in outcomes)
    assert statuses == [200, 412], outcomes
    winner = next(body for status, _headers, body in outcomes if status == 200)
    etag, company = company_state(live_server, tokens)
    assert company["version"] == read_version + 1
    assert company["city"] == winner["city"]
    loser_headers = next(headers for status, headers, _body in outcomes if status == 412)
    assert loser_headers["etag"] == etag
    assert saves_at(live_server, read_version + 1) == 1


def test_two_writers_sent_at_once_with_one_etag_one_wins(live_server, tokens):
    etag, company = company_state(live_server, tokens)
    assert_one_won(live_server, tokens, patch_together(live_server, tokens, etag, "Lillehammer"),
                   company["version"])


class HeldAfterReading(SqlCompanyDataSource):
    """The real data source, holding each save between its read of the company and its update."""

    barrier: threading.Barrier | None = None
    #: How many saves met at the barrier, both having read the same version.
    met = 0

    def __init__(self, dbsession):
        super().__init__(dbsession)
        self.saving = False

    def update_company(self, *args, **kwargs):
        self.saving = True
        return super().update_company(*args, **kwargs)

    def company(self, company_id):
        found = super().company(company_id)
        if self.saving and self.barrier is not None:
            self.saving = False
            try:
                self.barrier.wait(timeout=5)
                HeldAfterReading.met += 1
            except threading.BrokenBarrierError:
                pass   # SQLite: the other save waits for this one's transaction, it cannot reach the barrier
        return found


def test_two_writers_that_both_read_before_either_writes_one_wins(live_server, tokens):
    registry = live_server.app.registry
    HeldAfterReading.barrier = threading.Barrier(2)
    registry[DATA_SOURCE_KEY] = lambda request: HeldAfterReading(request.dbsession)
    try:
        etag, company = company_state(live_server, tokens)
        outcomes = patch_together(live_server, tokens, etag, "Gjøvik")
    finally:
        del registry[DATA_SOURCE_KEY]
        HeldAfterReading.barrier = None
    assert_one_won(live_server, tokens, outcomes, company["version"])
    if live_server.settings["sqlalchemy.url"].startswith("postgresql"):
        # Both passed the read's version check: the update's compare-and-set alone chose the winner.
        assert HeldAfterReading.met == 2
