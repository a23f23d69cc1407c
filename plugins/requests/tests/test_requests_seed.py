"""The benchmark generator behind ``cc seed`` (item 10), on a small scale.

It writes with real commits (as ``cc seed`` does), so each test removes
what it added.
"""

import pytest
import sqlalchemy as sa

from cc_core import api
from cc_requests import seed as seeder
from cc_requests.models import Message, Request, SearchDocument

pytestmark = pytest.mark.cc_plugins("requests")

PERSON = api.Person.__table__


@pytest.fixture
def seeded_customers(dbengine):
    """Three committed customers with ``@bench.example`` addresses; everything seeded is removed after."""
    with dbengine.begin() as connection:
        last_request = connection.execute(sa.select(sa.func.coalesce(sa.func.max(Request.id), 0))).scalar()
        last_person = connection.execute(sa.select(sa.func.max(PERSON.c.id))).scalar()
        password = connection.execute(sa.select(PERSON.c.password_hash).limit(1)).scalar()
        company = connection.execute(sa.select(api.Company.__table__.c.id).limit(1)).scalar()
        rows = [{"company_id": company, "email": f"seedtest{n}@bench.example", "password_hash": password,
                 "name": f"Seed Test {n}", "phone": "", "mobile": "", "language": "en", "timezone": "Europe/Oslo",
                 "company_access": False, "is_manager": False, "is_staff": False, "is_active": True,
                 "email_confirmed": True, "session_version": 1, "preferences": {}, "created_at": api.utcnow(),
                 "last_login_at": None} for n in range(3)]
        connection.execute(PERSON.insert(), rows)
    yield last_request
    with dbengine.begin() as connection:
        connection.execute(sa.delete(Message).where(Message.request_id > last_request))
        connection.execute(sa.delete(SearchDocument).where(SearchDocument.request_id > last_request))
        connection.execute(sa.delete(Request).where(Request.id > last_request))
        connection.execute(sa.delete(PERSON).where(PERSON.c.id > last_person))


def _sizes(requests):
    return api.SeedSizes().with_counts(requests=requests, messages_per_request=4)


def test_the_heavy_customer_gets_their_share_and_the_rest_is_spread(dbengine, seeded_customers):
    seeder.seed(dbengine, _sizes(40))
    with dbengine.connect() as connection:
        owners = dict(connection.execute(
            sa.select(PERSON.c.email, sa.func.count(Request.id)).join(Request, Request.owner_id == PERSON.c.id)
            .where(Request.id > seeded_customers).group_by(PERSON.c.email)).all())
        statuses = set(connection.execute(sa.select(Request.status).where(Request.id > seeded_customers)).scalars())
        agents = connection.execute(sa.select(sa.func.count()).where(
            PERSON.c.email.like("agent%@support.bench.example"), PERSON.c.is_staff.is_(True))).scalar()
    # The first seeded person is the heavy one: half the requests at this
    # scale (HEAVY_REQUESTS at full scale), the others share the rest.
    assert owners["seedtest0@bench.example"] == 20
    assert sum(owners.values()) == 40 and len(owners) == 3
    assert statuses == {"open", "waiting", "closed"}
    assert agents == seeder.AGENTS


def test_threads_mix_customer_support_and_internal_notes(dbengine, seeded_customers):
    seeder.seed(dbengine, _sizes(10))
    with dbengine.connect() as connection:
        requests = connection.execute(sa.select(Request.id, Request.owner_id, Request.is_open, Request.status)
                                      .where(Request.id > seeded_customers)).all()
        messages = connection.execute(sa.select(Message.request_id, Message.author_id, Message.is_external,
                                                Message.body).where(Message.request_id > seeded_customers)
                                      .order_by(Message.id)).all()
    assert all(row.is_open == (row.status != "closed") for row in requests)
    assert len(messages) == 40
    owner_of = {row.id: row.owner_id for row in requests}
    first = [m for m in messages if m.request_id == requests[0].id]
    assert [m.is_external for m in first] == [True, True, True, False]
    assert first[0].author_id == owner_of[requests[0].id] and first[1].author_id != owner_of[requests[0].id]


def test_search_documents_hold_title_and_external_messages_only(dbengine, seeded_customers):
    seeder.seed(dbengine, _sizes(10))
    with dbengine.connect() as connection:
        rows = connection.execute(
            sa.select(Request.id, Request.title, SearchDocument.document)
            .join(SearchDocument, SearchDocument.request_id == Request.id)
            .where(Request.id > seeded_customers)).all()
        notes = connection.execute(sa.select(Message.request_id, Message.body).where(
            Message.request_id > seeded_customers, Message.is_external.is_(False))).all()
    assert len(rows) == 10
    documents = {row.id: row.document for row in rows}
    assert all(row.document.startswith(row.title.casefold()) for row in rows)
    assert notes and all(note.body.casefold() not in documents[note.request_id] for note in notes)
