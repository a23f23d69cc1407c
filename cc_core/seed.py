"""``cc seed``: a large, realistic data set for benchmarks.

The core writes companies and persons with bulk inserts (no ORM objects,
one shared password hash: argon2 is slow on purpose), then each plugin
adds its share through ``cc_seed``.  Rows are generated deterministically
from a seed so two runs give the same data.
"""
from __future__ import annotations

import dataclasses
import random
from typing import Mapping

import sqlalchemy as sa

from .db import utcnow
from .models import Company, Person
from .passwords import hash_password
from .progress import Progress

BATCH = 5000
SEED_PASSWORD = "bench-password"
FIRST = ["Anna", "Bjørn", "Carla", "David", "Eva", "Finn", "Grete", "Hassan", "Ida", "Jonas", "Kari", "Lars",
         "Maria", "Nils", "Olga", "Per", "Rania", "Sven", "Tove", "Ulf"]
LAST = ["Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen", "Jensen",
        "Karlsen", "Smith", "Brown", "Garcia", "Müller", "Rossi"]
COMPANY_WORDS = ["Nordic", "Fjord", "Polar", "Atlas", "Vega", "Orion", "Birch", "Granite", "Harbour", "Summit"]
COMPANY_KINDS = ["Logistics", "Software", "Engineering", "Foods", "Energy", "Consulting", "Retail", "Health"]


@dataclasses.dataclass(frozen=True)
class SeedCount:
    """One count in a plugin's share of the data set, declared through ``cc_seed_counts``.

    The core knows only companies and persons; each plugin names what it
    adds (``requests``, ``faq_articles`` ...) with its full-size default, and
    ``cc seed`` offers ``--NAME N`` for each.  ``scales`` is false for a
    ratio (messages per request) that ``--scale`` must leave alone.
    """

    name: str
    default: int
    help: str = ""
    scales: bool = True


@dataclasses.dataclass(frozen=True)
class SeedSizes:
    """How much data to make.

    ``companies`` and ``persons`` are the core's; a plugin reads its own
    counts with :meth:`of`, which gives the count set on the command line
    (``counts``), else the plugin's default times ``scale``.
    """

    companies: int = 10_000
    persons: int = 100_000
    random_seed: int = 42
    scale: float = 1.0
    counts: Mapping[str, int] = dataclasses.field(default_factory=dict)

    def of(self, count: SeedCount) -> int:
        """How many of ``count`` to make in this run."""
        if count.name in self.counts:
            return self.counts[count.name]
        return max(1, int(count.default * self.scale)) if count.scales else count.default

    def with_counts(self, **counts: int) -> "SeedSizes":
        """A copy with some plugin counts set outright (``requests=40``)."""
        return dataclasses.replace(self, counts={**self.counts, **counts})

    def scaled(self, factor: float) -> "SeedSizes":
        def n(value):
            return max(1, int(value * factor))

        return dataclasses.replace(self, companies=n(self.companies), persons=n(self.persons),
                                   scale=self.scale * factor)


def seed_counts(plugin_manager) -> dict[str, SeedCount]:
    """Every plugin's declared counts, by name (a clash stops with both names)."""
    found: dict[str, SeedCount] = {}
    for impl in plugin_manager.hook.cc_seed_counts.get_hookimpls():
        for count in impl.function() or ():
            if count.name in found or count.name in {f.name for f in dataclasses.fields(SeedSizes)}:
                raise ValueError(f"plugin {impl.plugin_name!r} declares the seed count {count.name!r} twice "
                                 "or over a core one")
            found[count.name] = count
    return found


def bulk_insert(connection, table, rows: list[dict]) -> None:
    """Insert ``rows`` (dicts with the same keys) as fast as the database allows.

    Dialect-specific: PostgreSQL gets them through ``COPY ... FROM STDIN``
    (several times faster than multi-row ``INSERT``), every other database
    through ``executemany``.  Values go through the columns' types either
    way (UTC timestamps, JSON), so both store the same.
    """
    if not rows:
        return
    if connection.dialect.name != "postgresql":
        connection.execute(table.insert(), rows)
        return
    names = list(rows[0])
    dialect = connection.dialect
    processors = [table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in names]
    preparer = dialect.identifier_preparer
    statement = (f"COPY {preparer.format_table(table)} ({', '.join(preparer.quote(n) for n in names)}) "
                 "FROM STDIN")
    cursor = connection.connection.cursor()
    try:
        with cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row([value if process is None or value is None else process(value)
                                for process, value in zip(processors, (row[name] for name in names))])
    finally:
        cursor.close()


def insert_batches(connection, table, rows, label: str, total: int) -> None:
    """Insert an iterable of dicts in batches, with a progress bar."""
    with Progress(label, total) as progress:
        batch = []
        for row in rows:
            batch.append(row)
            if len(batch) >= BATCH:
                bulk_insert(connection, table, batch)
                progress.advance(len(batch))
                batch = []
        if batch:
            bulk_insert(connection, table, batch)
            progress.advance(len(batch))


def seed_core(connection, sizes: SeedSizes) -> None:
    rng = random.Random(sizes.random_seed)
    now = utcnow()
    start = connection.execute(sa.select(sa.func.coalesce(sa.func.max(Company.id), 0))).scalar()
    companies = ({"id": start + i + 1, "name": f"{rng.choice(COMPANY_WORDS)} {rng.choice(COMPANY_KINDS)} {i + 1}",
                  "org_number": f"{900000000 + i}", "address": f"Street {i % 500 + 1}", "postcode": "0150",
                  "city": "Oslo", "country": "Norway", "phone": "", "website": "", "version": 1,
                  "created_at": now} for i in range(sizes.companies))
    insert_batches(connection, Company.__table__, companies, "companies", sizes.companies)
    password = hash_password(SEED_PASSWORD)
    pstart = connection.execute(sa.select(sa.func.coalesce(sa.func.max(Person.id), 0))).scalar()

    def persons():
        for i in range(sizes.persons):
            yield {"id": pstart + i + 1, "company_id": start + (i % sizes.companies) + 1,
                   "email": f"person{pstart + i + 1}@bench.example", "password_hash": password,
                   "name": f"{rng.choice(FIRST)} {rng.choice(LAST)}", "phone": "", "mobile": "",
                   "language": "en", "timezone": "Europe/Oslo", "company_access": i % 10 == 0,
                   "is_manager": i % 50 == 0, "is_staff": False, "is_active": True, "email_confirmed": True,
                   "session_version": 1, "preferences": {}, "created_at": now, "last_login_at": None}

    insert_batches(connection, Person.__table__, persons(), "persons", sizes.persons)


# PostgreSQL only: every sequence that numbers a column, with its table and column.
_OWNED_SEQUENCES = """
SELECT seq.relname, tab.relname, col.attname
FROM pg_class seq
JOIN pg_depend dep ON dep.objid = seq.oid AND dep.classid = 'pg_class'::regclass AND dep.deptype IN ('a', 'i')
JOIN pg_class tab ON tab.oid = dep.refobjid
JOIN pg_attribute col ON col.attrelid = tab.oid AND col.attnum = dep.refobjsubid
WHERE seq.relkind = 'S' AND tab.relnamespace = current_schema()::regnamespace
"""


def reset_sequences(connection) -> None:
    """Move PostgreSQL's id sequences past the ids the bulk inserts wrote.

    Seeders give rows explicit ids (so children can point at parents
    without a round trip); a sequence does not see those, and the portal's
    next insert would collide with a seeded row.  SQLite needs nothing.
    """
    if connection.dialect.name != "postgresql":
        return
    preparer = connection.dialect.identifier_preparer
    for sequence, table, column in connection.execute(sa.text(_OWNED_SEQUENCES)).all():
        connection.execute(sa.text(
            f"SELECT setval(:sequence, COALESCE((SELECT max({preparer.quote(column)}) "
            f"FROM {preparer.quote(table)}), 0) + 1, false)"), {"sequence": preparer.quote(sequence)})


def run_seed(engine, plugin_manager, settings, sizes: SeedSizes) -> None:
    with engine.begin() as connection:
        seed_core(connection, sizes)
        reset_sequences(connection)
    # Plugins seed in their own transactions so a large set is not one
    # giant transaction.
    plugin_manager.hook.cc_seed(engine=engine, settings=settings, sizes=sizes)
    with engine.begin() as connection:
        reset_sequences(connection)
    refresh_statistics(engine)


def refresh_statistics(engine) -> None:
    """Have the database look at what was just bulk-inserted, so its plans fit the new sizes.

    On PostgreSQL ``VACUUM`` too: it sets the visibility map, without which
    index-only scans (counts over an index, e.g. a person's open requests)
    read every heap page until autovacuum comes round, long after seeding.
    """
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE")
    else:
        with engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE")
