"""Every request's desk row and its copies of the status and last activity (cc_desk.mirror),
and the migration that adds them to a database with requests."""
import datetime as dt

import pytest
import sqlalchemy as sa

from cc_core import testing
from cc_core.testing import person_by_email, prepare_database
from cc_desk import mirror
from cc_desk.models import Ticket
from cc_requests import public as rq
from desk_testing import answer, staff_id, titles

pytestmark = pytest.mark.cc_plugins("desk", "requests")

R, T = rq.Request.__table__, Ticket.__table__


def copies(connection, request_id):
    """``(desk status, desk activity, request status, request updated_at)``, read past the ORM's identity map."""
    return connection.execute(sa.select(T.c.status, T.c.activity_at, R.c.status, R.c.updated_at)
                              .join(R, R.c.id == T.c.request_id).where(T.c.request_id == request_id)).one()


def mismatches(connection) -> int:
    """Requests without exactly one desk row whose copies equal the request's columns."""
    return connection.execute(sa.select(sa.func.count()).select_from(R.outerjoin(T, T.c.request_id == R.c.id))
                              .where(sa.or_(T.c.request_id.is_(None), T.c.status != R.c.status,
                                            T.c.activity_at != R.c.updated_at))).scalar()


def test_every_request_has_a_desk_row_with_its_status_and_activity(dbsession):
    assert dbsession.scalar(sa.select(sa.func.count()).select_from(R)) > 0
    assert mismatches(dbsession.connection()) == 0


def test_the_copies_follow_a_new_request_a_status_change_and_a_reply(agent, dbsession):
    owner = person_by_email(dbsession, "demo@example.com")
    at = dt.datetime(2020, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)
    req = rq.Request(owner=owner, company_id=owner.company_id, title="Mirrored request", status=rq.OPEN,
                     created_at=at, updated_at=at)
    dbsession.add(req)
    dbsession.flush()
    row = dbsession.get(Ticket, req.id)
    assert (row.assignee_id, row.version) == (None, 0)
    assert copies(dbsession.connection(), req.id) == (rq.OPEN, at, rq.OPEN, at)
    # The oldest activity of the open unassigned requests: first in the queue's default order.
    assert titles(agent.get("/desk", {"assignee": "none"}))[0] == "Mirrored request"

    later = at + dt.timedelta(days=1)
    req.status, req.updated_at = rq.WAITING, later
    dbsession.flush()
    assert copies(dbsession.connection(), req.id) == (rq.WAITING, later, rq.WAITING, later)
    assert "Mirrored request" not in titles(agent.get("/desk", {"assignee": "none"}))
    assert "Mirrored request" in titles(agent.get("/desk", {"assignee": "none", "status": rq.WAITING}))

    answer(agent, req.id, "We are looking into it.")   # a reply: new activity, the status kept
    desk_status, activity, status, updated = copies(dbsession.connection(), req.id)
    assert (desk_status, activity) == (status, updated) and activity > later
    # The newest activity now: last of the waiting unassigned requests.
    assert titles(agent.get("/desk", {"assignee": "none", "status": rq.WAITING}))[-1] == "Mirrored request"
    assert mismatches(dbsession.connection()) == 0


def test_assigning_updates_the_row_the_trigger_made(agent, dbsession):
    owner = person_by_email(dbsession, "demo@example.com")
    req = rq.Request(owner=owner, company_id=owner.company_id, title="Assigned mirror", status=rq.OPEN)
    dbsession.add(req)
    dbsession.flush()
    form = agent.get(f"/desk/requests/{req.id}").forms["desk-change"]
    form["assignee"].select(text="Alex Agent")
    form["status"] = rq.WAITING
    form.submit(status=303)
    assert dbsession.scalar(sa.select(sa.func.count()).select_from(T).where(T.c.request_id == req.id)) == 1
    assert dbsession.scalar(sa.select(T.c.assignee_id).where(T.c.request_id == req.id)) == staff_id(dbsession)
    assert copies(dbsession.connection(), req.id)[0] == rq.WAITING
    assert "Assigned mirror" in titles(agent.get("/desk", {"assignee": "me", "status": rq.WAITING}))
    assert "Assigned mirror" not in titles(agent.get("/desk", {"assignee": "none", "status": rq.WAITING}))


def _status_counts(page) -> dict:
    return {a["data-status"]: a.select_one(".count").text for a in page.html.select("#desk-queue-counts a")
            if a.select_one(".count")}


@pytest.mark.parametrize("assignee", ["me", "none"])
def test_the_counts_per_status_are_the_requests(agent, dbsession, assignee):
    me = staff_id(dbsession)
    joined = sa.select(R.c.status, sa.func.count()).select_from(R.outerjoin(T, T.c.request_id == R.c.id))
    condition = T.c.assignee_id == me if assignee == "me" else T.c.assignee_id.is_(None)
    found = dict(dbsession.execute(joined.where(condition).group_by(R.c.status)).all())
    shown = _status_counts(agent.get("/desk", {"assignee": assignee}))
    assert shown == {status: str(found.get(status, 0)) for status in rq.STATUSES}


@pytest.fixture
def scratch(cc_base_settings, tmp_path):
    """A database of its own with the demo data, migrated for the desk and the requests."""
    database = testing.TestDatabase(str(tmp_path), "mirror")
    settings = {**cc_base_settings, "sqlalchemy.url": database.url, "cc.files_dir": str(tmp_path / "files")}
    engine = prepare_database(settings, database.url, names=("desk", "requests"))
    yield engine, settings
    engine.dispose()
    database.drop()


def _columns(engine) -> set[str]:
    return {column["name"] for column in sa.inspect(engine).get_columns("desk_ticket")}


def test_the_migration_fills_the_rows_of_existing_requests_and_goes_back(scratch, monkeypatch):
    engine, settings = scratch
    with engine.connect() as connection:
        assigned = set(connection.execute(sa.select(T.c.request_id, T.c.assignee_id)
                                          .where(T.c.assignee_id.is_not(None))).all())
    assert assigned
    testing.downgrade_to(engine, settings, ("desk", "requests"), "cc_desk_0002")
    assert not {"status", "activity_at"} & _columns(engine)
    desk = sa.table("desk_ticket", sa.column("request_id"), sa.column("assignee_id"))
    with engine.begin() as connection:
        # Only the rows somebody made are left, and a new request gets none: the triggers are gone.
        assert set(connection.execute(sa.select(desk.c.request_id, desk.c.assignee_id)).all()) == assigned
        owner = connection.execute(sa.select(R.c.owner_id).limit(1)).scalar()
        now = dt.datetime.now(dt.timezone.utc)
        connection.execute(R.insert().values(owner_id=owner, title="Before the mirror", status=rq.WAITING,
                                             is_open=True, custom_values={}, created_at=now, updated_at=now))
        assert connection.execute(sa.select(sa.func.count()).select_from(desk)).scalar() == len(assigned)
        assert connection.execute(sa.select(sa.func.count()).select_from(R)).scalar() > len(assigned)

    monkeypatch.setattr(mirror, "BACKFILL_BATCH", 2)   # several batches over the demo's requests
    assert "cc_desk_0003" in testing.upgrade_to_heads(engine, settings, ("desk", "requests"))
    assert {"status", "activity_at"} <= _columns(engine)
    with engine.connect() as connection:
        assert mismatches(connection) == 0
        assert set(connection.execute(sa.select(T.c.request_id, T.c.assignee_id)
                                      .where(T.c.assignee_id.is_not(None))).all()) == assigned
        assert connection.execute(sa.select(T.c.status).join(R, R.c.id == T.c.request_id)
                                  .where(R.c.title == "Before the mirror")).scalar() == rq.WAITING
    with engine.begin() as connection:   # and the triggers are back
        connection.execute(R.update().where(R.c.title == "Before the mirror").values(status=rq.CLOSED))
        assert mismatches(connection) == 0
