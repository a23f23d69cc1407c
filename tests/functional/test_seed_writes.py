"""How ``cc seed`` writes: bulk inserts that store what the ORM would, and
sequences that the portal's next insert does not collide with.

On PostgreSQL ``bulk_insert`` uses ``COPY`` and the id sequences do not see
explicitly written ids, so ``reset_sequences`` moves them past the highest
id; SQLite numbers rows from the table itself and needs nothing.
"""
import datetime as dt

import sqlalchemy as sa

from cc_core.models import Company, Person
from cc_core.seed import bulk_insert, reset_sequences


def _company(**fields):
    return {"name": "Seeded", "org_number": "1", "address": "", "postcode": "", "city": "", "country": "",
            "phone": "", "website": "", "version": 1, "created_at": sa.func.now(), **fields}


def test_after_explicit_ids_the_next_insert_gets_a_fresh_id(dbconnection):
    table = Company.__table__
    highest = dbconnection.execute(sa.select(sa.func.coalesce(sa.func.max(table.c.id), 0))).scalar()
    dbconnection.execute(table.insert().values(**_company(id=highest + 500)))
    reset_sequences(dbconnection)
    new_id = dbconnection.execute(table.insert().values(**_company()).returning(table.c.id)).scalar_one()
    assert new_id == highest + 501


def test_bulk_insert_stores_times_json_flags_and_text_as_the_orm_reads_them(dbconnection):
    table = Person.__table__
    oslo = dt.timezone(dt.timedelta(hours=1))
    created = dt.datetime(2024, 3, 1, 12, 30, tzinfo=oslo)
    rows = [{"email": f"bulk{n}@bench.example", "password_hash": "!", "name": f"Tab\there\nand “quotes” \\ {n}",
             "phone": "", "mobile": "", "language": "nb", "timezone": "Europe/Oslo", "company_access": n == 0,
             "is_manager": False, "is_staff": False, "is_active": True, "email_confirmed": True,
             "session_version": 1, "preferences": {"order": "newest", "n": n}, "created_at": created,
             "last_login_at": None} for n in range(3)]
    bulk_insert(dbconnection, table, rows)
    stored = dbconnection.execute(sa.select(table.c.name, table.c.company_access, table.c.preferences,
                                            table.c.created_at, table.c.last_login_at)
                                  .where(table.c.email.like("bulk%@bench.example")).order_by(table.c.email)).all()
    assert [tuple(row) for row in stored] == [
        (f"Tab\there\nand “quotes” \\ {n}", n == 0, {"order": "newest", "n": n},
         dt.datetime(2024, 3, 1, 11, 30, tzinfo=dt.timezone.utc), None) for n in range(3)]
