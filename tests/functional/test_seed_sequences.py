"""``cc seed`` writes explicit ids; the portal's next insert must not collide.

On PostgreSQL the id sequences do not see explicitly written ids, so
``reset_sequences`` moves them past the highest id; SQLite numbers rows
from the table itself and needs nothing.
"""
import sqlalchemy as sa

from cc_core.models import Company
from cc_core.seed import reset_sequences


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
